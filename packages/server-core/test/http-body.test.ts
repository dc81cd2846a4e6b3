import { describe, expect, it } from "vitest";
import { readText } from "../src/http/body.js";

const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request("http://agent.test/rpc", {
    method: "POST",
    headers,
    body,
    // @ts-expect-error Node needs duplex for streamed request bodies.
    duplex: "half",
  });

const stream = (...parts: string[]) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (const p of parts) c.enqueue(new TextEncoder().encode(p));
      c.close();
    },
  });

describe("readText", () => {
  it("reads a body with a Content-Length in one go, and one without it chunk by chunk", async () => {
    expect(await readText(post('{"a":"é"}'), 100)).toBe('{"a":"é"}');
    expect(await readText(post(stream('{"a":', '"é"}')), 100)).toBe('{"a":"é"}');
    expect(await readText(post(null), 100)).toBe("");
  });

  it("refuses a body over the limit whether or not its Content-Length says so", async () => {
    await expect(readText(post("x".repeat(101)), 100)).rejects.toThrow(
      "Request body exceeds the limit of 100 bytes",
    );
    await expect(readText(post(stream("x".repeat(60), "x".repeat(60))), 100)).rejects.toThrow(
      "exceeds the limit",
    );
    // A Request built in-process may carry a Content-Length that understates its body.
    const lying = post("x".repeat(500), { "content-length": "10" });
    if (lying.headers.get("content-length") === "10") {
      await expect(readText(lying, 100)).rejects.toThrow("exceeds the limit");
    }
  });

  it("names invalid UTF-8 on both paths", async () => {
    const bad = new Uint8Array([0x7b, 0xff, 0x7d]);
    await expect(readText(post(bad), 100)).rejects.toThrow("not valid UTF-8");
    const chunked = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(bad);
        c.close();
      },
    });
    await expect(readText(post(chunked), 100)).rejects.toThrow("not valid UTF-8");
  });
});
