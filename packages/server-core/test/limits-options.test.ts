import { describe, expect, it } from "vitest";
import {
  createMemoryStores,
  createRequestHandler,
  defineAgent,
  MemoryQueueStore,
  MemoryTaskStore,
  type RequestHandlerLimits,
} from "../src/index.js";

const agentCard = {
  name: "Bounds",
  description: "Checks its bounds",
  version: "1.0.0",
  supportedInterfaces: [
    { url: "http://localhost/a2a", protocolBinding: "JSONRPC", protocolVersion: "1.0" },
  ],
  capabilities: {},
  defaultInputModes: ["text/plain"],
  defaultOutputModes: ["text/plain"],
  skills: [],
};
const executor = defineAgent(async (_ctx, task) => task.complete("ok"));

// A NaN bound (what `Number(process.env.X)` gives when X is unset) compares false everywhere, so
// it used to turn the bound off: unbounded stores, streams and parts. Each is refused by name.
describe("handler limits", () => {
  it.each<[Partial<RequestHandlerLimits>, RegExp]>([
    [{ maxPageSize: 0 }, /limits.maxPageSize must be a positive integer, got 0/],
    [{ maxPartsPerMessage: Number.NaN }, /limits.maxPartsPerMessage must be a positive integer/],
    [{ maxStreamsPerTask: -1 }, /limits.maxStreamsPerTask must be a positive integer, got -1/],
    [{ maxHistoryLength: 1.5 }, /limits.maxHistoryLength must be 0 or a positive integer/],
    [{ maxReferencedTasks: Number.NaN }, /limits.maxReferencedTasks must be 0 or a positive/],
  ])("refuses %j", (limits, message) => {
    expect(() => createRequestHandler({ agentCard, executor, limits })).toThrow(RangeError);
    expect(() => createRequestHandler({ agentCard, executor, limits })).toThrow(message);
  });

  it("accepts 0 referenced tasks (references ignored)", async () => {
    const handler = createRequestHandler({
      agentCard,
      executor,
      limits: { maxReferencedTasks: 0 },
    });
    await handler.close();
  });
});

describe("memory store bounds", () => {
  it.each([
    [{ terminalTtlMs: -1 }, /terminalTtlMs must be 0 or more ms, got -1/],
    [{ maxTerminalTasks: Number.NaN }, /maxTerminalTasks must be 0 or a positive integer, got NaN/],
    [{ sweepIntervalMs: Number.NaN }, /sweepIntervalMs must be 0 or more ms, got NaN/],
  ])("refuses a task store with %j", (options, message) => {
    expect(() => new MemoryTaskStore(options)).toThrow(message);
    expect(() => createMemoryStores(options)).toThrow(message);
  });

  it.each([
    [{ maxEntries: Number.NaN }, /maxEntries must be a positive integer, got NaN/],
    [{ tail: 0 }, /tail must be a positive integer, got 0/],
  ])("refuses a queue store with %j", (options, message) => {
    expect(() => new MemoryQueueStore(options)).toThrow(message);
  });

  it("refuses bad retention given to the handler", () => {
    expect(() =>
      createRequestHandler({ agentCard, executor, retention: { maxTerminalTasks: -5 } }),
    ).toThrow(/maxTerminalTasks must be 0 or a positive integer, got -5/);
  });
});
