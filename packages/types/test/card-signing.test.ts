import { describe, expect, it } from "vitest";
import { type AgentCard, agentCardSigningPayload, canonicalize } from "../src/index.js";

describe("canonicalize (RFC 8785)", () => {
  it("orders members by UTF-16 code units and writes numbers as ECMAScript does", () => {
    expect(canonicalize({ b: 1, a: [true, null, "é"], "€": 0.5, A: { z: 1e21, y: -0 } })).toBe(
      '{"A":{"y":0,"z":1e+21},"a":[true,null,"é"],"b":1,"€":0.5}',
    );
    // U+1F600 is the surrogate pair D83D DE00, which sorts before U+FFFF.
    expect(canonicalize({ "\uffff": 2, "\ud83d\ude00": 1 })).toBe('{"😀":1,"\uffff":2}');
  });

  it("leaves out undefined members, writes undefined array items as null", () => {
    expect(canonicalize({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });

  it("refuses values JSON has no form for", () => {
    expect(() => canonicalize({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalize({ n: Number.POSITIVE_INFINITY })).toThrow(TypeError);
    expect(() => canonicalize({ f: () => 1 })).toThrow(TypeError);
    expect(() => canonicalize({ b: 1n })).toThrow(TypeError);
  });
});

describe("agentCardSigningPayload", () => {
  it("is the JCS form of the ProtoJSON card without signatures", () => {
    const card: AgentCard = {
      name: "Example Agent",
      description: "",
      supportedInterfaces: [
        { url: "https://agent.example/a2a", protocolBinding: "JSONRPC", protocolVersion: "1.0" },
      ],
      version: "1.0.0",
      capabilities: { streaming: false, extensions: [] },
      defaultInputModes: ["text/plain"],
      defaultOutputModes: ["text/plain"],
      skills: [],
      signatures: [{ protected: "e30", signature: "c2ln" }],
    };
    expect(new TextDecoder().decode(agentCardSigningPayload(card))).toBe(
      '{"capabilities":{"streaming":false},"defaultInputModes":["text/plain"],' +
        '"defaultOutputModes":["text/plain"],"description":"","name":"Example Agent",' +
        '"skills":[],"supportedInterfaces":[{"protocolBinding":"JSONRPC","protocolVersion":"1.0",' +
        '"url":"https://agent.example/a2a"}],"version":"1.0.0"}',
    );
  });
});
