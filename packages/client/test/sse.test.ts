import { describe, expect, it } from "vitest";
import { readSse, SseEventTooLargeError, SseParser } from "../src/index.js";

function streamOf(chunks: string[]): { body: ReadableStream<Uint8Array>; canceled: () => boolean } {
  const enc = new TextEncoder();
  let i = 0;
  let wasCanceled = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks[i++];
      if (next === undefined) controller.close();
      else controller.enqueue(enc.encode(next));
    },
    cancel() {
      wasCanceled = true;
    },
  });
  return { body, canceled: () => wasCanceled };
}

async function all(chunks: string[], max?: number) {
  const out = [];
  for await (const e of readSse(streamOf(chunks).body, max)) out.push(e);
  return out;
}

describe("the SSE parser", () => {
  it("joins multi-line data and skips comments", async () => {
    const events = await all([": keep-alive\n", 'data: {"a":\ndata: 1}\n\n', ":ping\n\n"]);
    expect(events).toEqual([{ event: "message", data: '{"a":\n1}' }]);
    expect(JSON.parse(events[0]?.data ?? "")).toEqual({ a: 1 });
  });

  it("accepts CRLF and CR line endings, even split across chunks", async () => {
    const events = await all(["data: one\r", "\n\r", "\ndata: two\r\rdata: three\n\n"]);
    expect(events.map((e) => e.data)).toEqual(["one", "two", "three"]);
  });

  it("reads the event type and a value without the optional space", async () => {
    const events = await all(["event: error\ndata:{}\n\n"]);
    expect(events).toEqual([{ event: "error", data: "{}" }]);
  });

  it("decodes UTF-8 split inside a character", async () => {
    const bytes = new TextEncoder().encode("data: héllo 🌍\n\n");
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (const b of bytes) c.enqueue(new Uint8Array([b]));
        c.close();
      },
    });
    const out = [];
    for await (const e of readSse(body)) out.push(e.data);
    expect(out).toEqual(["héllo 🌍"]);
  });

  it("drops an unterminated last event", async () => {
    expect(await all(["data: complete\n\n", "data: cut off"])).toHaveLength(1);
  });

  it("caps one event's size, delivering what came before", async () => {
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const e of readSse(
          streamOf(["data: ok\n\n", `data: ${"x".repeat(200)}\n\n`]).body,
          100,
        ))
          seen.push(e.data);
      })(),
    ).rejects.toBeInstanceOf(SseEventTooLargeError);
    expect(seen).toEqual(["ok"]);
  });

  it("caps a line that never ends", () => {
    const parser = new SseParser(64);
    for (let i = 0; i < 10; i++) parser.push("data: 0123456789");
    expect(parser.error).toBeInstanceOf(SseEventTooLargeError);
  });

  it("counts many data lines of one event against the cap", () => {
    const parser = new SseParser(64);
    for (let i = 0; i < 20; i++) parser.push("data: 0123456789\n");
    expect(parser.error).toBeInstanceOf(SseEventTooLargeError);
  });

  it("cancels the body when the consumer stops early", async () => {
    const s = streamOf(["data: 1\n\n", "data: 2\n\n", "data: 3\n\n"]);
    for await (const _e of readSse(s.body)) break;
    expect(s.canceled()).toBe(true);
  });
});
