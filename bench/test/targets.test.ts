// Keeps the benchmark honest without timing anything: every target starts, answers one
// SendMessage with the echo task, and streams `stream:3` as three chunks then COMPLETED.

import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { checkEchoAnswer, postJson, sendBody } from "../src/rpc.js";
import { checkChunkStream, readStream } from "../src/sse.js";
import {
  dropRedisPrefix,
  type RunningTarget,
  redisUnavailable,
  startTarget,
  TARGETS,
  type TargetId,
} from "../src/targets.js";

const redisMissing = await redisUnavailable();
const prefix = `a2akit-bench-test:${randomBytes(4).toString("hex")}`;
const running: RunningTarget[] = [];

afterAll(async () => {
  await Promise.all(running.map((t) => t.stop()));
  if (!redisMissing) await dropRedisPrefix(prefix);
});

const ids: TargetId[] = ["floor", "a2akit", "a2akit-hono", "a2akit-redis", "sdk"];

describe.concurrent("bench targets", () => {
  for (const id of ids) {
    const skip = id === "a2akit-redis" && redisMissing !== undefined;
    it.skipIf(skip)(`${TARGETS[id].label} answers SendMessage and stream:3`, async () => {
      const target = await startTarget(TARGETS[id], { env: { PREFIX: prefix } });
      running.push(target);
      checkEchoAnswer(await postJson(target.url, sendBody("hello")), "hello");
      const stream = await readStream(target.url, sendBody("stream:3", "SendStreamingMessage"));
      checkChunkStream(stream, 3);
      expect(Object.keys((stream.first as { result: object }).result)).toEqual(["task"]);
      const mem = (await (await fetch(target.memUrl)).json()) as { heapUsed: number };
      expect(mem.heapUsed).toBeGreaterThan(0);
      const gc = (await (await fetch(target.gcUrl)).json()) as { gcMs: number };
      expect(gc.gcMs).toBeGreaterThanOrEqual(0);
    });
  }
});
