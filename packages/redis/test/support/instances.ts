import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, "..", "..", "node_modules", ".cache", "a2akit-redis-test");

let bundled: Promise<string> | undefined;

/** Bundles the fixture server once (the .lua files inlined, as the package build does). */
function bundle(): Promise<string> {
  bundled ??= (async () => {
    mkdirSync(outDir, { recursive: true });
    const outfile = join(outDir, `server-${process.pid}.mjs`);
    await build({
      entryPoints: [join(here, "..", "fixtures", "server.ts")],
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      packages: "external",
      loader: { ".lua": "text" },
      logLevel: "silent",
    });
    return outfile;
  })();
  return bundled;
}

/** One agent instance in its own Node process. */
export interface Instance {
  url: string;
  process: ChildProcess;
  /** Kills the process at once (no graceful shutdown). */
  kill(): Promise<void>;
  /** Asks the process to shut down gracefully and waits for it. */
  stop(): Promise<void>;
}

/** Starts an instance on `redisUrl` under `prefix`; resolves once it listens. */
export async function startInstance(
  redisUrl: string,
  prefix: string,
  env: Record<string, string> = {},
): Promise<Instance> {
  const file = await bundle();
  const child = spawn(process.execPath, [file], {
    cwd: outDir,
    env: { ...process.env, REDIS_URL: redisUrl, PREFIX: prefix, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d) => {
      out += d;
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on("exit", (code) => reject(new Error(`instance exited (${code}): ${stderr}`)));
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return {
    url: `http://127.0.0.1:${port}/rpc`,
    process: child,
    async kill() {
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
