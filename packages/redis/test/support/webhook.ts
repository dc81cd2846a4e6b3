import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One POST the webhook received. */
export interface Received {
  readonly path: string;
  readonly body: string;
}

/**
 * A real HTTP webhook on 127.0.0.1 recording every POST. `hold` keeps requests open until it
 * returns false for the requests held so far (all are then answered 204).
 */
export async function startWebhook(
  options: { port?: number; hold?: (held: number) => boolean } = {},
) {
  const received: Received[] = [];
  const held: ServerResponse[] = [];
  const listeners = new Set<() => void>();
  let holding = options.hold !== undefined;
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => {
      body += c;
    });
    req.on("end", () => {
      received.push({ path: req.url ?? "", body });
      if (holding) {
        held.push(res);
        if (!options.hold?.(held.length)) {
          holding = false;
          for (const r of held.splice(0)) r.writeHead(204).end();
        }
      } else {
        res.writeHead(204).end();
      }
      for (const l of [...listeners]) l();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
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

/** Groups what arrived by path, in arrival order, each body reduced by `describe`. */
export function byPath<T>(received: readonly Received[], describe: (body: string) => T) {
  const out = new Map<string, T[]>();
  for (const r of received) out.set(r.path, [...(out.get(r.path) ?? []), describe(r.body)]);
  return out;
}
