import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { AgentExecutor } from "../src/index.js";

/** One request the webhook received. */
export interface Received {
  readonly n: number;
  readonly path: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
}

/** What the webhook answers: a status (with headers), or "hang" to hold the request open. */
export type Answer = number | { status: number; headers?: Record<string, string> } | "hang";

/**
 * A real HTTP webhook on a free port that records every request: on 127.0.0.1, or on `host`
 * (`"::"` listens on every IPv4 and IPv6 address).
 */
export async function startWebhook(
  answer: (r: Received) => Answer = () => 204,
  host = "127.0.0.1",
) {
  const received: Received[] = [];
  const hanging = new Set<ServerResponse>();
  const listeners = new Set<() => void>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r: Received = {
        n: received.length + 1,
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      received.push(r);
      const a = answer(r);
      if (a === "hang") {
        hanging.add(res);
        res.on("close", () => hanging.delete(res));
      } else {
        const { status, headers } = typeof a === "number" ? { status: a, headers: {} } : a;
        res.writeHead(status, headers).end();
      }
      for (const l of [...listeners]) l();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}/hook`,
    received,
    /** Resolves once `predicate` holds over the received requests. */
    until(predicate: (all: Received[]) => boolean): Promise<void> {
      return new Promise((resolve) => {
        const check = () => {
          if (!predicate(received)) return;
          listeners.delete(check);
          resolve();
        };
        listeners.add(check);
        check();
      });
    },
    /** Answers every request held open so far. */
    release(status = 204): void {
      for (const res of hanging) res.writeHead(status).end();
      hanging.clear();
    },
    async close(): Promise<void> {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A promise with its resolve function. */
export function deferred<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/**
 * An agent that waits for `go` (when given), then reports WORKING, streams `chunks` artifact
 * chunks of one artifact and completes.
 */
export function chunkAgent(chunks: number, go?: Promise<void>): AgentExecutor {
  return {
    async execute(_ctx, task) {
      if (go) await go;
      await task.working();
      for (let i = 0; i < chunks; i++) {
        await task.artifact({
          artifactId: "out",
          parts: [{ text: `chunk ${i}` }],
          append: i > 0,
          lastChunk: i === chunks - 1,
        });
      }
      await task.complete();
    },
  };
}

/** A short description of a v1.0 push body, for order assertions. */
export function describeBody(body: string): string {
  const e = JSON.parse(body) as {
    statusUpdate?: { status: { state: string } };
    artifactUpdate?: { artifact: { parts: Array<{ text?: string }> } };
    task?: { status: { state: string } };
  };
  if (e.statusUpdate) return e.statusUpdate.status.state;
  if (e.artifactUpdate) return e.artifactUpdate.artifact.parts[0]?.text ?? "artifact";
  if (e.task) return `task ${e.task.status.state}`;
  return "?";
}

/** The expected order for {@link chunkAgent}. */
export function expectedOrder(chunks: number): string[] {
  return [
    "TASK_STATE_WORKING",
    ...Array.from({ length: chunks }, (_, i) => `chunk ${i}`),
    "TASK_STATE_COMPLETED",
  ];
}

/** The bodies in order with consecutive repeats (retries of one event) collapsed. */
export function distinct(received: readonly Received[]): string[] {
  const out: string[] = [];
  let last: string | undefined;
  for (const r of received) {
    if (r.body !== last) out.push(describeBody(r.body));
    last = r.body;
  }
  return out;
}
