// Serves a web-standard fetch function over node:http on 127.0.0.1 with a free port.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A running server around a fetch function. */
export interface FetchServer {
  url: string;
  /** Swap in the fetch function (e.g. once the URL is known and the card can name it). */
  serve(fetchFn: (request: Request) => Promise<Response>): void;
  close(): Promise<void>;
}

/**
 * Called after each chunk of a response body is written, with the request it answers; returning
 * `"cut"` destroys the connection there, as a crashing proxy would.
 */
export type ChunkTap = (request: { url: string; body: string }, chunk: number) => "cut" | undefined;

/** Starts the server; requests before `serve` is called get a 503. */
export async function startFetchServer(tap?: ChunkTap): Promise<FetchServer> {
  let handler: ((request: Request) => Promise<Response>) | undefined;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const aborted = new AbortController();
    res.on("close", () => aborted.abort());
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (Array.isArray(v)) for (const item of v) headers.append(k, item);
      else if (v !== undefined) headers.set(k, v);
    }
    const method = req.method ?? "GET";
    const init: RequestInit = { method, headers, signal: aborted.signal };
    if (method !== "GET" && method !== "HEAD") init.body = Buffer.concat(chunks);
    const request = new Request(`http://${req.headers.host}${req.url}`, init);
    const response = handler ? await handler(request) : new Response("not ready", { status: 503 });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (!response.body) {
      res.end();
      return;
    }
    res.flushHeaders();
    const reader = response.body.getReader();
    res.on("close", () => {
      reader.cancel().catch(() => {});
    });
    const seen = { url: req.url ?? "", body: Buffer.concat(chunks).toString("utf8") };
    try {
      for (let n = 0; ; n++) {
        const { done, value } = await reader.read();
        if (done) break;
        await new Promise((resolve) => res.write(value, resolve));
        if (tap?.(seen, n) === "cut") {
          res.socket?.destroy();
          return;
        }
      }
    } catch {
      // The client went away; nothing left to send.
    }
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    serve(fetchFn) {
      handler = fetchFn;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
