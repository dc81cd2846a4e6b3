import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { redisStoresMissing } from "./servers/redis-stores.js";

const benchDir = join(dirname(fileURLToPath(import.meta.url)), "..");

export type TargetId = "floor" | "a2akit" | "a2akit-hono" | "a2akit-redis" | "sdk";

export interface TargetSpec {
  id: TargetId;
  label: string;
  script: string;
  env?: Record<string, string>;
}

export const TARGETS: Record<TargetId, TargetSpec> = {
  floor: { id: "floor", label: "Hono floor", script: "floor.ts" },
  a2akit: {
    id: "a2akit",
    label: "a2akit (memory)",
    script: "a2akit.ts",
    env: { STORE: "memory", BINDING: "node" },
  },
  "a2akit-hono": {
    id: "a2akit-hono",
    label: "a2akit (memory, Hono)",
    script: "a2akit.ts",
    env: { STORE: "memory", BINDING: "hono" },
  },
  "a2akit-redis": {
    id: "a2akit-redis",
    label: "a2akit (Redis)",
    script: "a2akit.ts",
    env: { STORE: "redis", BINDING: "node" },
  },
  sdk: { id: "sdk", label: "@a2a-js/sdk 1.3", script: "sdk.ts" },
};

export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** Why the Redis target cannot run here, or undefined when it can. */
export async function redisUnavailable(): Promise<string | undefined> {
  const missing = await redisStoresMissing();
  if (missing) return missing;
  const { Redis } = await import("ioredis");
  const client = new Redis(REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await client.connect();
    await client.ping();
    return undefined;
  } catch (error) {
    return `no Redis at ${REDIS_URL}: ${(error as Error).message}`;
  } finally {
    client.disconnect();
  }
}

/** Deletes every key under a Redis prefix the bench used (keys start with `{prefix}`). */
export async function dropRedisPrefix(prefix: string): Promise<void> {
  const { Redis } = await import("ioredis");
  const client = new Redis(REDIS_URL);
  try {
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", `{${prefix}}*`, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) await client.unlink(...keys);
    } while (cursor !== "0");
  } finally {
    client.disconnect();
  }
}

export interface StartOptions {
  /** Pin the server to this CPU core (`taskset -c`); undefined leaves it unpinned. */
  core?: number | undefined;
  /** Write a V8 CPU profile of the server into this directory when it stops. */
  cpuProfDir?: string | undefined;
  env?: Record<string, string>;
}

/** A target server running in its own Node process. */
export interface RunningTarget {
  spec: TargetSpec;
  pid: number;
  /** The JSON-RPC endpoint. */
  url: string;
  /** `process.memoryUsage()` after a full GC, read from the server's private route. */
  memUrl: string;
  /** Milliseconds the server has spent paused for garbage collection, from its private route. */
  gcUrl: string;
  stop(): Promise<void>;
}

export async function startTarget(
  spec: TargetSpec,
  options: StartOptions = {},
): Promise<RunningTarget> {
  const nodeArgs = ["--expose-gc", "--import", "tsx"];
  if (options.cpuProfDir) nodeArgs.push("--cpu-prof", `--cpu-prof-dir=${options.cpuProfDir}`);
  nodeArgs.push(join("src", "servers", spec.script));
  const [command, args] =
    options.core === undefined
      ? [process.execPath, nodeArgs]
      : ["taskset", ["-c", String(options.core), process.execPath, ...nodeArgs]];
  const child = spawn(command, args, {
    cwd: benchDir,
    env: { ...process.env, PORT: "0", ...spec.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const port = await waitForReady(child, spec);
  const base = `http://127.0.0.1:${port}`;
  return {
    spec,
    pid: child.pid ?? 0,
    url: `${base}/a2a`,
    memUrl: `${base}/__bench/mem`,
    gcUrl: `${base}/__bench/gc`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function waitForReady(child: ChildProcess, spec: TargetSpec): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${spec.label} did not start within 30 s: ${err}`));
    }, 30_000);
    child.stderr?.setEncoding("utf8").on("data", (d: string) => {
      err += d;
    });
    child.stdout?.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      const match = /READY (\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${spec.label} exited (${code}) before it was ready: ${err}`));
    });
  });
}

/** Whether `taskset` exists and there are at least two cores to split between server and load. */
export function canPin(): boolean {
  try {
    execFileSync("taskset", ["-V"], { stdio: "ignore" });
  } catch {
    return false;
  }
  return (Number(execFileSync("nproc").toString().trim()) || 1) >= 2;
}

/** Pins this process (all its threads) and the children it starts later to one core. */
export function pinSelf(core: number): void {
  execFileSync("taskset", ["-a", "-cp", String(core), String(process.pid)], { stdio: "ignore" });
}
