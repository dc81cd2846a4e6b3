import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the webhook received. */
export interface Received {
  readonly path: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
}

/** What the webhook answers: a status (with headers), or "hang" to hold the request open. */
export type Answer = number | { status: number; headers?: Record<string, string> } | "hang";

/**
 * A real HTTP webhook on a free port that records every request, listening on every IPv4 and
 * IPv6 address: a guard that let a POST through to loopback shows here.
 */
export async function startWebhook(answer: (r: Received) => Answer = () => 204) {
  const received: Received[] = [];
  const listeners = new Set<() => void>();
  const server = createServer((req, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r = {
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      received.push(r);
      const a = answer(r);
      if (a !== "hang") {
        const { status, headers } = typeof a === "number" ? { status: a, headers: {} } : a;
        res.writeHead(status, headers).end();
      }
      for (const l of [...listeners]) l();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "::", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
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
    async close(): Promise<void> {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
