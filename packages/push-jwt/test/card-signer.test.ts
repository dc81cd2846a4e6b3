import type { AgentCard } from "@a2akit/types";
import { base64url, flattenedVerify, importJWK } from "jose";
import { describe, expect, it } from "vitest";
import { agentCardSigningPayload, generatePushSigningKey, signAgentCard } from "../src/index.js";

const card: AgentCard = {
  name: "Example Agent",
  description: "",
  supportedInterfaces: [
    { url: "https://agent.example/a2a", protocolBinding: "JSONRPC", protocolVersion: "1.0" },
  ],
  version: "1.0.0",
  capabilities: { streaming: false, pushNotifications: false, extensions: [] },
  defaultInputModes: ["text/plain"],
  defaultOutputModes: ["text/plain"],
  skills: [],
};

describe("signAgentCard", () => {
  it("signs the §8.4.1 payload: explicit optional fields kept, empty lists and signatures left out", async () => {
    const payload = new TextDecoder().decode(agentCardSigningPayload({ ...card, signatures: [] }));
    expect(payload).toBe(
      '{"capabilities":{"pushNotifications":false,"streaming":false},"defaultInputModes":["text/plain"],' +
        '"defaultOutputModes":["text/plain"],"description":"","name":"Example Agent",' +
        '"skills":[],"supportedInterfaces":[{"protocolBinding":"JSONRPC","protocolVersion":"1.0",' +
        '"url":"https://agent.example/a2a"}],"version":"1.0.0"}',
    );
  });

  it("produces a detached JWS that verifies over that payload with the public key", async () => {
    const key = await generatePushSigningKey({ algorithm: "EdDSA", kid: "card-key" });
    const signed = await signAgentCard(card, key);
    const sig = signed.signatures?.[0];
    expect(sig).toBeDefined();
    const result = await flattenedVerify(
      {
        protected: sig?.protected ?? "",
        signature: sig?.signature ?? "",
        payload: base64url.encode(agentCardSigningPayload(signed)),
      },
      await importJWK(key.publicJwk, "EdDSA"),
    );
    expect(result.protectedHeader).toEqual({ alg: "EdDSA", typ: "JOSE", kid: "card-key" });
    // The card's own fields are untouched.
    expect({ ...signed, signatures: undefined }).toEqual({ ...card, signatures: undefined });
  });
});
