import { describe, expect, it } from "vitest";
import { anySignal } from "../src/handler/signals.js";

describe("anySignal", () => {
  it("fires when any source fires, with that source's reason, through nested combinations", () => {
    const shutdown = new AbortController();
    const request = new AbortController();
    const perRequest = anySignal([request.signal, shutdown.signal]);
    const stream = anySignal([perRequest, shutdown.signal, undefined]);
    const reasons: unknown[] = [];
    stream.addEventListener("abort", () => reasons.push(stream.reason));
    expect(stream.aborted).toBe(false);
    request.abort("client left");
    expect(perRequest.reason).toBe("client left");
    expect(reasons).toEqual(["client left"]);
    // A later shutdown does not fire the stream twice.
    shutdown.abort("closing");
    expect(reasons).toEqual(["client left"]);
  });

  it("follows a long-lived source from many short-lived combinations", () => {
    const shutdown = new AbortController();
    const signals = Array.from({ length: 1_000 }, () =>
      anySignal([new AbortController().signal, shutdown.signal]),
    );
    shutdown.abort("closing");
    expect(signals.every((s) => s.aborted && s.reason === "closing")).toBe(true);
  });

  it("is aborted at once when a source already is, returns a single source as is", () => {
    const done = new AbortController();
    done.abort("early");
    const s = anySignal([new AbortController().signal, done.signal]);
    expect([s.aborted, s.reason]).toEqual([true, "early"]);
    const only = new AbortController().signal;
    expect(anySignal([undefined, only])).toBe(only);
    expect(anySignal([]).aborted).toBe(false);
  });
});
