import { PushConfigError, PushVerificationError } from "./errors.js";

/** Reads a request body, refusing more than `limit` bytes without buffering the excess. */
export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = request.headers.get("Content-Length");
  if (declared !== null && Number(declared) > limit) throw tooLarge(limit);
  if (request.bodyUsed || request.body?.locked) {
    // The body hash can only be checked over the bytes as they arrive.
    throw new PushConfigError(
      "ERR_PUSH_INVALID_INPUT",
      "the request body was already read: verify the push notification before anything reads its body",
    );
  }
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function tooLarge(limit: number): PushVerificationError {
  return new PushVerificationError(
    "ERR_PUSH_BODY_TOO_LARGE",
    `the request body is larger than ${limit} bytes`,
  );
}
