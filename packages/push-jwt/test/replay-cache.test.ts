import { describe, expect, it } from "vitest";
import { MemoryReplayCache } from "../src/index.js";
import { manualClock } from "./support/fixtures.js";

describe("MemoryReplayCache", () => {
  it("refuses an id until it expires", () => {
    const clock = manualClock();
    const cache = new MemoryReplayCache({ now: clock.now });
    const expiresAt = clock.now() + 60_000;
    expect(cache.checkAndStore("a", expiresAt)).toBe(true);
    expect(cache.checkAndStore("a", expiresAt)).toBe(false);
    clock.advance(60);
    expect(cache.checkAndStore("a", clock.now() + 60_000)).toBe(true);
  });

  it("stays within its bound, dropping expired ids first", () => {
    const clock = manualClock();
    const cache = new MemoryReplayCache({ now: clock.now, maxEntries: 3 });
    cache.checkAndStore("short", clock.now() + 1_000);
    cache.checkAndStore("b", clock.now() + 60_000);
    cache.checkAndStore("c", clock.now() + 60_000);
    clock.advance(2);
    expect(cache.checkAndStore("d", clock.now() + 60_000)).toBe(true);
    expect(cache.size).toBe(3);
    expect(cache.checkAndStore("b", clock.now() + 60_000)).toBe(false);
    // Full of live ids: the oldest one gives way.
    expect(cache.checkAndStore("e", clock.now() + 60_000)).toBe(true);
    expect(cache.size).toBe(3);
    expect(cache.checkAndStore("e", clock.now() + 60_000)).toBe(false);
  });
});
