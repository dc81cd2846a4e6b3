import { createServer, type Server, type Socket, connect as tcpConnect } from "node:net";

/** A TCP proxy in front of Redis that delays what clients send by a random 0..maxMs each write. */
export interface JitterProxy {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts a proxy to `host:port`. Commands of one connection keep their order (a write waits for
 * the one before it); only the gaps between them vary, as on a real network between an instance
 * and Redis. Replies pass straight through.
 */
export async function startJitterProxy(
  host: string,
  port: number,
  maxMs: number,
): Promise<JitterProxy> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = tcpConnect(port, host);
    sockets.add(client);
    sockets.add(upstream);
    // One pump per connection, so chunks go out in the order they came whatever their delays.
    const queue: Array<{ chunk: Buffer; due: number }> = [];
    let pumping = false;
    const pump = async () => {
      pumping = true;
      for (let next = queue.shift(); next; next = queue.shift()) {
        const wait = next.due - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        upstream.write(next.chunk);
      }
      pumping = false;
    };
    client.on("data", (chunk: Buffer) => {
      queue.push({ chunk, due: Date.now() + Math.random() * maxMs });
      if (!pumping) void pump();
    });
    upstream.on("data", (chunk) => client.write(chunk));
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("close", drop);
    upstream.on("close", drop);
    client.on("error", drop);
    upstream.on("error", drop);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const proxyPort = typeof address === "object" && address ? address.port : 0;
  return {
    url: `redis://127.0.0.1:${proxyPort}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
