import { generateAgentCardSignature, AgentCard as SdkAgentCard } from "@a2a-js/sdk";
import type { AgentCard } from "@a2akit/types";
import { exportJWK, generateKeyPair } from "jose";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  A2AClient,
  AgentCardSignatureError,
  canonicalize,
  readAgentCard,
  verifyAgentCard,
} from "../src/index.js";
import { cardFor, sendJson, startServer, type TestServer } from "./support/http-server.js";
import { signAgentCard } from "./support/sign.js";

let keys: CryptoKeyPair;
let otherKeys: CryptoKeyPair;
let jwk: Record<string, unknown>;
const card: AgentCard = readAgentCard(
  cardFor("https://agent.example/a2a", "JSONRPC", {
    // An explicit false must survive canonicalization; empty lists must not appear.
    capabilities: { streaming: false, pushNotifications: true, extensions: [] },
    provider: { url: "https://example.com", organization: "Example" },
    skills: [{ id: "s1", name: "Sum", description: "Adds numbers", tags: ["math"] }],
  }),
);

beforeAll(async () => {
  keys = await generateKeyPair("ES256", { extractable: true });
  otherKeys = await generateKeyPair("ES256");
  jwk = { ...(await exportJWK(keys.publicKey)), kid: "k1", alg: "ES256", use: "sig" };
});

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("JCS (RFC 8785)", () => {
  it("sorts keys by code unit and writes numbers and strings as ECMAScript does", () => {
    expect(canonicalize({ b: [1, "x", null], a: { d: 1e21, c: 0.5 }, "\u00e9": true, A: -0 })).toBe(
      '{"A":0,"a":{"c":0.5,"d":1e+21},"b":[1,"x",null],"é":true}',
    );
    expect(canonicalize({ "\ud83d\ude00": 1, "\uffff": 2 })).toBe('{"😀":1,"\uffff":2}');
    expect(() => canonicalize({ n: Number.NaN })).toThrow(TypeError);
  });
});

describe("verifying signed cards", () => {
  it("accepts a card signed with a key from a JWK Set", async () => {
    const signed = await signAgentCard(card, keys.privateKey, "k1");
    const result = await verifyAgentCard(signed, { jwks: { keys: [jwk] } });
    expect(result.protectedHeader.kid).toBe("k1");
    expect(result.protectedHeader.typ).toBe("JOSE");
  });

  it("accepts keys by kid, and a JWK Set fetched from a URL", async () => {
    const signed = await signAgentCard(card, keys.privateKey, "k1");
    await expect(verifyAgentCard(signed, { keys: { k1: keys.publicKey } })).resolves.toBeTruthy();
    server = await startServer((_q, res) => sendJson(res, { keys: [jwk] }));
    await expect(
      verifyAgentCard(signed, { jwksUrl: `${server.url}/jwks.json` }),
    ).resolves.toBeTruthy();
  });

  it("accepts a card whose JSON arrives with its keys in another order", async () => {
    const signed = await signAgentCard(card, keys.privateKey, "k1");
    const reversed = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reversed)
        : v && typeof v === "object"
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reversed(x)]),
            )
          : v;
    const shuffled = reversed(signed);
    expect(Object.keys(shuffled as object)[0]).toBe("signatures");
    await expect(verifyAgentCard(shuffled, { jwks: { keys: [jwk] } })).resolves.toBeTruthy();
  });

  it("rejects a tampered card", async () => {
    const signed = await signAgentCard(card, keys.privateKey, "k1");
    const tampered = { ...signed, description: "Now does something else" };
    await expect(verifyAgentCard(tampered, { jwks: { keys: [jwk] } })).rejects.toBeInstanceOf(
      AgentCardSignatureError,
    );
  });

  it("rejects a signature by an unknown key, and an unsigned card", async () => {
    const signed = await signAgentCard(card, otherKeys.privateKey, "k1");
    await expect(verifyAgentCard(signed, { jwks: { keys: [jwk] } })).rejects.toThrow(
      /No signature of the agent card verified/,
    );
    await expect(verifyAgentCard(card, { jwks: { keys: [jwk] } })).rejects.toThrow(/not signed/);
  });

  it("accepts the card if any one of several signatures verifies (key rotation)", async () => {
    const once = await signAgentCard(card, otherKeys.privateKey, "old");
    const twice = await signAgentCard(once, keys.privateKey, "k1");
    const result = await verifyAgentCard(twice, { jwks: { keys: [jwk] } });
    expect(result.protectedHeader.kid).toBe("k1");
  });

  it("verifies a card signed by the official a2a-js SDK", async () => {
    const sdkCard = SdkAgentCard.fromJSON(card);
    const signer = generateAgentCardSignature(keys.privateKey, {
      alg: "ES256",
      typ: "JOSE",
      kid: "k1",
    });
    const signed = SdkAgentCard.toJSON(await signer(sdkCard));
    const result = await verifyAgentCard(signed, { jwks: { keys: [jwk] } });
    expect(result.protectedHeader.kid).toBe("k1");
  });
});

describe("requiring signed cards on discovery", () => {
  it("accepts a correctly signed card and refuses an unsigned one", async () => {
    let served: AgentCard = await signAgentCard(card, keys.privateKey, "k1");
    server = await startServer((_q, res) => sendJson(res, served));
    const verifyCard = { jwks: { keys: [jwk] } };
    const client = await A2AClient.fromUrl(server.url, { verifyCard });
    expect(client.card.signatures).toHaveLength(1);
    served = card;
    await expect(client.refreshCard()).rejects.toBeInstanceOf(AgentCardSignatureError);
    expect(client.card.signatures).toHaveLength(1);
    await expect(A2AClient.fromUrl(server.url, { verifyCard })).rejects.toThrow(/not signed/);
  });
});
