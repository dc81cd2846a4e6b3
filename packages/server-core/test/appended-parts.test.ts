import {
  type Artifact,
  type Part,
  type StreamResponse,
  type Task,
  type TaskArtifactUpdateEvent,
  textOf,
} from "@a2akit/types";
import { describe, expect, it } from "vitest";
import { applyArtifact, applyStatus } from "../src/handler/apply-event.js";
import { defineAgent } from "../src/index.js";
import { call, collect, gate, send, setup } from "./support/fixtures.js";

const base: Task = {
  id: "t1",
  contextId: "c1",
  status: { state: "TASK_STATE_WORKING", timestamp: "2026-01-01T00:00:00.000Z" },
};

function chunk(i: number, append = i > 0): TaskArtifactUpdateEvent {
  const event: TaskArtifactUpdateEvent = {
    taskId: "t1",
    contextId: "c1",
    artifact: { artifactId: "a", name: "out", parts: [{ text: `p${i}` }] },
  };
  if (append) event.append = true;
  return event;
}

function texts(n: number, from = 0): Part[] {
  return Array.from({ length: n - from }, (_, i) => ({ text: `p${from + i}` }));
}

/** Every snapshot of a stream of `n` appends, the first one starting the artifact. */
function snapshots(n: number): Task[] {
  const all: Task[] = [];
  let task = base;
  for (let i = 0; i < n; i++) {
    task = applyArtifact(task, chunk(i));
    all.push(task);
  }
  return all;
}

/** Well past the size from which appended parts are shared rather than copied (64). */
const LONG = 200;

describe("appending to an artifact", () => {
  const n = LONG;

  it("leaves every earlier snapshot holding exactly its own parts", () => {
    const all = snapshots(n);
    // Read from the newest back and then the rest, so reads happen both before and after the
    // snapshots they share parts with are read.
    for (const i of [n - 1, 64, 0, 63, 65, n - 2, 5]) {
      expect(all[i]?.artifacts?.[0]?.parts).toEqual(texts(i + 1));
    }
    all.forEach((task, i) => {
      expect(task.artifacts?.[0]?.parts).toEqual(texts(i + 1));
    });
  });

  it("reads as a plain artifact to JSON, spread, structuredClone and strict equality", () => {
    const task = snapshots(n)[n - 1] as Task;
    const plain: Artifact = { artifactId: "a", name: "out", parts: texts(n) };
    expect(JSON.parse(JSON.stringify(task)).artifacts[0]).toEqual(plain);
    expect(structuredClone(task).artifacts?.[0]).toStrictEqual(plain);
    expect({ ...task.artifacts?.[0] }).toStrictEqual(plain);
    expect(Object.keys(task.artifacts?.[0] ?? {})).toEqual(["artifactId", "name", "parts"]);
    // Once read, the parts are one array, the same on every read.
    const first = task.artifacts?.[0]?.parts;
    expect(task.artifacts?.[0]?.parts).toBe(first);
  });

  it("does not let an array a reader got grow with later appends", () => {
    const all = snapshots(n);
    const older = all[n - 2]?.artifacts?.[0]?.parts as Part[];
    const newest = all[n - 1]?.artifacts?.[0]?.parts as Part[];
    let task = all[n - 1] as Task;
    for (let i = n; i < n + 10; i++) task = applyArtifact(task, chunk(i));
    expect(older).toHaveLength(n - 1);
    expect(newest).toHaveLength(n);
    expect(task.artifacts?.[0]?.parts).toEqual(texts(n + 10));
  });

  it("keeps both results apart when a change is applied twice to one snapshot (a retried write)", () => {
    const tip = snapshots(n)[n - 1] as Task;
    const first = applyArtifact(tip, chunk(1000));
    const retried = applyArtifact(tip, chunk(2000));
    const next = applyArtifact(first, chunk(1001));
    expect(tip.artifacts?.[0]?.parts).toEqual(texts(n));
    expect(first.artifacts?.[0]?.parts).toEqual([...texts(n), { text: "p1000" }]);
    expect(retried.artifacts?.[0]?.parts).toEqual([...texts(n), { text: "p2000" }]);
    expect(next.artifacts?.[0]?.parts).toEqual([...texts(n), { text: "p1000" }, { text: "p1001" }]);
  });

  it("takes an assignment to parts, and keeps appending after it", () => {
    const task = snapshots(n)[n - 1] as Task;
    const artifact = task.artifacts?.[0] as Artifact;
    artifact.parts = [{ text: "replaced" }];
    expect(artifact.parts).toEqual([{ text: "replaced" }]);
    const next = applyArtifact(task, chunk(n));
    expect(next.artifacts?.[0]?.parts).toEqual([{ text: "replaced" }, { text: `p${n}` }]);
  });

  it("still reads a frozen artifact", () => {
    const task = snapshots(n)[n - 1] as Task;
    const artifact = Object.freeze(task.artifacts?.[0] as Artifact);
    expect(artifact.parts).toEqual(texts(n));
    expect(JSON.stringify(artifact)).toContain(`"p${n - 1}"`);
  });

  it("holds plain arrays once the task stops, and below the sharing size", () => {
    const all = snapshots(n);
    const done = applyStatus(
      all[n - 1] as Task,
      { state: "TASK_STATE_COMPLETED", timestamp: "2026-01-01T00:00:01.000Z" },
      10,
    );
    expect(Object.getOwnPropertyDescriptor(done.artifacts?.[0], "parts")?.value).toEqual(texts(n));
    const small = all[9] as Task;
    expect(Object.getOwnPropertyDescriptor(small.artifacts?.[0], "parts")?.value).toHaveLength(10);
  });
});

describe("a long appended stream through the handler", () => {
  it("gives a reader who joins midway the parts so far, then exactly the rest", async () => {
    const total = LONG;
    const half = gate();
    const resume = gate();
    const { handler } = setup({
      executor: defineAgent(async (_ctx, task) => {
        await task.working();
        for (let i = 0; i < total; i++) {
          if (i === total / 2) {
            half.open();
            await resume.promise;
          }
          await task.artifact({ artifactId: "a", append: i > 0, parts: [{ text: `p${i}` }] });
        }
        await task.complete();
      }),
    });
    const events = (await handler.sendStreamingMessage(send("go"), call()))[Symbol.asyncIterator]();
    const taskId = (await events.next()).value?.task?.id as string;
    const rest = collect({ [Symbol.asyncIterator]: () => events });
    await half.promise;

    const midway = await handler.getTask({ id: taskId }, call());
    expect(midway.artifacts?.[0]?.parts).toEqual(texts(total / 2));
    const joined = (await handler.subscribeToTask({ id: taskId }, call()))[Symbol.asyncIterator]();
    const snapshot = (await joined.next()).value?.task as Task;
    expect(snapshot.artifacts?.[0]?.parts).toEqual(texts(total / 2));
    const later = collect({ [Symbol.asyncIterator]: () => joined });
    resume.open();

    const appended = (list: StreamResponse[]) =>
      list.flatMap((e) => (e.artifactUpdate ? [textOf(e.artifactUpdate.artifact)] : []));
    expect(appended(await rest)).toEqual(texts(total).map((p) => p.text));
    expect(appended(await later)).toEqual(texts(total, total / 2).map((p) => p.text));
    const done = await handler.getTask({ id: taskId }, call());
    expect(done.status.state).toBe("TASK_STATE_COMPLETED");
    expect(done.artifacts?.[0]?.parts).toEqual(texts(total));
  });
});
