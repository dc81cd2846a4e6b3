import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import type { PushAlgorithm } from "./constants.js";
import { PushConfigError } from "./errors.js";

/** A public key as published in the JWKS: never carries private members. */
export interface PublicJwk extends JWK {
  readonly kid: string;
  readonly alg: PushAlgorithm;
  readonly use: "sig";
}

/** A private signing key with the public half that receivers verify against. */
export interface PushSigningKey {
  /** Key id: the RFC 7638 SHA-256 thumbprint unless one was given. */
  readonly kid: string;
  /** The algorithm tokens are signed with, fixed by the key's curve. */
  readonly alg: PushAlgorithm;
  /** The private half; never leaves this object unless exported on purpose. */
  readonly privateKey: CryptoKey;
  /** The public half, as published in the JWKS. */
  readonly publicJwk: PublicJwk;
}

/** Options for {@link generatePushSigningKey}. */
export interface GeneratePushSigningKeyOptions {
  /** `ES256` (P-256, the default) or `EdDSA` (Ed25519). */
  algorithm?: PushAlgorithm;
  /** A key id; the RFC 7638 thumbprint by default. */
  kid?: string;
}

/** Options for {@link importPushSigningKey}. */
export interface ImportPushSigningKeyOptions {
  /** Required only when neither the JWK's `alg` nor its curve decides it. */
  algorithm?: PushAlgorithm;
  /** A key id; the JWK's `kid`, else the RFC 7638 thumbprint. */
  kid?: string;
}

/** What {@link importPushSigningKey} accepts: a private JWK, a key pair, or an extractable private key. */
export type PushSigningKeyInput = JWK | CryptoKeyPair | CryptoKey;

// Members that make a JWK private (RFC 7518 §6); none may reach a published JWKS.
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"] as const;

/** Generates a fresh signing key; the key is extractable so it can be saved with {@link exportPushSigningKey}. */
export async function generatePushSigningKey(
  options: GeneratePushSigningKeyOptions = {},
): Promise<PushSigningKey> {
  const alg = checkAlgorithm(options.algorithm ?? "ES256", "algorithm");
  const pair = await generateKeyPair(alg, { extractable: true, crv: curveOf(alg) });
  return fromPair(alg, pair.privateKey, await exportJWK(pair.publicKey), options.kid);
}

/** Turns a private JWK, a key pair or an extractable private CryptoKey into a {@link PushSigningKey}. */
export async function importPushSigningKey(
  input: PushSigningKeyInput,
  options: ImportPushSigningKeyOptions = {},
): Promise<PushSigningKey> {
  if (isCryptoKeyPair(input)) {
    const publicJwk = await exportJWK(input.publicKey).catch((cause) => {
      throw new PushConfigError("ERR_PUSH_INVALID_KEY", "the public key is not extractable", {
        cause,
      });
    });
    const alg = algorithmOf(publicJwk, options.algorithm);
    checkPrivate(input.privateKey);
    return fromPair(alg, input.privateKey, publicJwk, options.kid);
  }
  if (isCryptoKey(input)) {
    checkPrivate(input);
    if (!input.extractable) {
      throw new PushConfigError(
        "ERR_PUSH_INVALID_KEY",
        "a non-extractable private CryptoKey needs its public key: pass { privateKey, publicKey }",
      );
    }
    return importPushSigningKey(await exportJWK(input), options);
  }
  if (typeof input !== "object" || input === null || typeof input.kty !== "string") {
    throw new PushConfigError(
      "ERR_PUSH_INVALID_KEY",
      "expected a JWK, a CryptoKeyPair or a CryptoKey",
    );
  }
  if (input.kty === "oct") {
    throw new PushConfigError(
      "ERR_PUSH_INVALID_KEY",
      "symmetric (kty: oct) keys cannot sign push notifications: receivers verify with a public key",
    );
  }
  if (typeof input.d !== "string") {
    throw new PushConfigError("ERR_PUSH_INVALID_KEY", "the JWK has no private member `d`");
  }
  const alg = algorithmOf(input, options.algorithm);
  // `alg` and `key_ops` are dropped because the curve has already decided the algorithm.
  const { alg: _alg, key_ops: _ops, ext: _ext, ...material } = input;
  const privateKey = await importJWK(material, alg, { extractable: false }).catch((cause) => {
    throw new PushConfigError("ERR_PUSH_INVALID_KEY", `the JWK is not a valid ${alg} key`, {
      cause,
    });
  });
  return fromPair(alg, privateKey as CryptoKey, input, options.kid ?? input.kid);
}

/** Exports a key's private JWK (with `kid` and `alg`) so it can be stored and imported later. */
export async function exportPushSigningKey(key: PushSigningKey): Promise<JWK> {
  if (!key.privateKey.extractable) {
    throw new PushConfigError("ERR_PUSH_INVALID_KEY", `key ${key.kid} is not extractable`);
  }
  const jwk = await exportJWK(key.privateKey);
  return { ...jwk, kid: key.kid, alg: key.alg, use: "sig" };
}

/** Copies `jwk` without any private member, so it is safe to publish. */
export function toPublicJwk(jwk: JWK): JWK {
  const out: JWK = { ...jwk };
  for (const member of PRIVATE_MEMBERS) delete out[member];
  delete out.key_ops;
  delete out.ext;
  return out;
}

async function fromPair(
  alg: PushAlgorithm,
  privateKey: CryptoKey,
  jwk: JWK,
  kid: string | undefined,
): Promise<PushSigningKey> {
  const bare = toPublicJwk(jwk);
  // The thumbprint covers only the required members, so it is the same whoever computes it.
  const id = kid ?? (await calculateJwkThumbprint(bare, "sha256"));
  if (typeof id !== "string" || id === "") {
    throw new PushConfigError("ERR_PUSH_INVALID_OPTION", "kid must be a non-empty string");
  }
  const publicJwk: PublicJwk = { ...bare, kid: id, alg, use: "sig" };
  return Object.freeze({ kid: id, alg, privateKey, publicJwk: Object.freeze(publicJwk) });
}

/** True when `value` has the shape of a {@link PushSigningKey} with a private CryptoKey. */
export function isSigningKey(value: unknown): value is PushSigningKey {
  const key = value as Partial<PushSigningKey> | null | undefined;
  return (
    typeof key === "object" &&
    key !== null &&
    typeof key.kid === "string" &&
    key.kid !== "" &&
    (key.alg === "ES256" || key.alg === "EdDSA") &&
    isCryptoKey(key.privateKey) &&
    key.privateKey.type === "private" &&
    typeof key.publicJwk === "object" &&
    key.publicJwk !== null
  );
}

/**
 * Returns `value` if it is a {@link PushSigningKey}, else throws naming `name`: a JWK or a bare
 * CryptoKey must go through {@link importPushSigningKey} first.
 */
export function checkSigningKey(value: unknown, name: string): PushSigningKey {
  if (!isSigningKey(value)) {
    throw new PushConfigError(
      "ERR_PUSH_INVALID_KEY",
      `${name} must be a PushSigningKey (from generatePushSigningKey or importPushSigningKey)`,
    );
  }
  return value;
}

function algorithmOf(jwk: JWK, requested: PushAlgorithm | undefined): PushAlgorithm {
  const fromCurve =
    jwk.kty === "EC" && jwk.crv === "P-256"
      ? "ES256"
      : jwk.kty === "OKP" && jwk.crv === "Ed25519"
        ? "EdDSA"
        : undefined;
  if (fromCurve === undefined) {
    throw new PushConfigError(
      "ERR_PUSH_INVALID_KEY",
      `unsupported key (kty ${String(jwk.kty)}, crv ${String(jwk.crv)}): use an EC P-256 (ES256) or an Ed25519 (EdDSA) key`,
    );
  }
  const declared = jwk.alg === "Ed25519" ? "EdDSA" : jwk.alg;
  for (const [alg, where] of [
    [requested, "algorithm option"],
    [declared, "JWK alg"],
  ] as const) {
    if (alg !== undefined && alg !== fromCurve) {
      throw new PushConfigError(
        "ERR_PUSH_INVALID_KEY",
        `the ${where} ${alg} does not match the key's curve (${fromCurve})`,
      );
    }
  }
  return fromCurve;
}

function checkAlgorithm(alg: unknown, name: string): PushAlgorithm {
  if (alg === "ES256" || alg === "EdDSA") return alg;
  throw new PushConfigError(
    "ERR_PUSH_INVALID_OPTION",
    `${name} must be "ES256" or "EdDSA", got ${JSON.stringify(alg)}`,
  );
}

function curveOf(alg: PushAlgorithm): string | undefined {
  return alg === "EdDSA" ? "Ed25519" : undefined;
}

function checkPrivate(key: CryptoKey): void {
  if (key.type !== "private") {
    throw new PushConfigError(
      "ERR_PUSH_INVALID_KEY",
      `expected a private key, got a ${key.type} key`,
    );
  }
}

function isCryptoKey(value: unknown): value is CryptoKey {
  return typeof CryptoKey !== "undefined" && value instanceof CryptoKey;
}

function isCryptoKeyPair(value: unknown): value is CryptoKeyPair {
  return (
    typeof value === "object" &&
    value !== null &&
    isCryptoKey((value as CryptoKeyPair).privateKey) &&
    isCryptoKey((value as CryptoKeyPair).publicKey)
  );
}
