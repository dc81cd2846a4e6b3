import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import {
  exportPushSigningKey,
  generatePushSigningKey,
  importPushSigningKey,
  PUSH_JWT_EXTENSION_URI,
  PushKeyManager,
  PushSigner,
  pushJwtExtension,
  pushJwtParamsOf,
  signPushNotification,
} from "../src/index.js";

describe("signing keys", () => {
  it("generates ES256 by default and EdDSA on request, with an RFC 7638 kid", async () => {
    const es = await generatePushSigningKey();
    expect(es.alg).toBe("ES256");
    expect(es.publicJwk).toMatchObject({ kty: "EC", crv: "P-256", use: "sig", alg: "ES256" });
    expect(es.kid).toBe(await calculateJwkThumbprint(es.publicJwk));
    const ed = await generatePushSigningKey({ algorithm: "EdDSA", kid: "ed-1" });
    expect(ed.publicJwk).toMatchObject({ kty: "OKP", crv: "Ed25519", kid: "ed-1", alg: "EdDSA" });
    expect(ed.publicJwk).not.toHaveProperty("d");
  });

  it("round-trips through a stored private JWK with the same kid", async () => {
    const key = await generatePushSigningKey({ algorithm: "EdDSA" });
    const stored = await exportPushSigningKey(key);
    expect(stored).toHaveProperty("d");
    const again = await importPushSigningKey(JSON.parse(JSON.stringify(stored)));
    expect(again.kid).toBe(key.kid);
    expect(again.publicJwk).toEqual(key.publicJwk);
    expect(again.privateKey.extractable).toBe(false);
  });

  it("imports a CryptoKeyPair and signs tokens its public JWK verifies", async () => {
    const pair = await generateKeyPair("ES256");
    const key = await importPushSigningKey(pair);
    const push = await signPushNotification({
      key,
      issuer: "https://agent.example",
      url: "https://client.example/hook",
      body: "{}",
    });
    const { payload } = await jwtVerify(push.token, await importJWK(key.publicJwk, "ES256"));
    expect(payload.aud).toBe("https://client.example/hook");
    expect(await exportJWK(pair.publicKey)).toMatchObject({ x: key.publicJwk.x });
  });

  it("refuses symmetric, public-only and mismatched keys with ERR_PUSH_INVALID_KEY", async () => {
    const invalid = expect.objectContaining({ code: "ERR_PUSH_INVALID_KEY" });
    await expect(importPushSigningKey({ kty: "oct", k: "c2VjcmV0" })).rejects.toEqual(invalid);
    const key = await generatePushSigningKey();
    await expect(importPushSigningKey(key.publicJwk)).rejects.toEqual(invalid);
    const stored = await exportPushSigningKey(key);
    await expect(importPushSigningKey(stored, { algorithm: "EdDSA" })).rejects.toEqual(invalid);
    const rsa = await generateKeyPair("RS256", { extractable: true });
    await expect(importPushSigningKey(await exportJWK(rsa.privateKey))).rejects.toEqual(invalid);
  });

  it("refuses a signer without an issuer and a sign call without a body", async () => {
    const keys = await PushKeyManager.generate();
    expect(() => new PushSigner({ issuer: "", keys })).toThrow(/issuer/);
    const signer = new PushSigner({ issuer: "https://agent.example", keys });
    await expect(signer.sign({ url: "https://client.example/hook" })).rejects.toMatchObject({
      code: "ERR_PUSH_INVALID_INPUT",
    });
    await expect(keys.rotate(keys.current)).rejects.toMatchObject({ code: "ERR_PUSH_INVALID_KEY" });
  });
});

describe("the agent card extension", () => {
  it("declares the JWKS URL and reads it back", () => {
    const extension = pushJwtExtension({
      jwksUrl: "https://agent.example/.well-known/jwks.json",
      issuer: "https://agent.example",
    });
    expect(extension.uri).toBe(PUSH_JWT_EXTENSION_URI);
    expect(pushJwtParamsOf({ capabilities: { extensions: [extension] } })).toEqual({
      jwksUrl: "https://agent.example/.well-known/jwks.json",
      issuer: "https://agent.example",
    });
    expect(pushJwtParamsOf({ capabilities: {} })).toBeUndefined();
  });
});
