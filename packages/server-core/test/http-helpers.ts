import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";

/** A node:http server on 127.0.0.1 and a free port, serving a fetch function. */
export interface TestServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves `fetch` over a real socket; client disconnects abort `request.signal`. */
export async function serveFetch(fetch: (r: Request) => Promise<Response>): Promise<TestServer> {
  const server: Server = createServer((req, res) => {
    void bridge(fetch, req, res);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function bridge(
  fetch: (r: Request) => Promise<Response>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const abort = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) abort.abort(new Error("client disconnected"));
  });
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (Array.isArray(v)) for (const x of v) headers.append(k, x);
    else if (v !== undefined) headers.set(k, v);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const request = new Request(`http://${req.headers.host}${req.url}`, {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : null,
    signal: abort.signal,
    // @ts-expect-error Node needs duplex for streamed request bodies.
    duplex: "half",
  });
  let response: Response;
  try {
    response = await fetch(request);
  } catch (e) {
    res.statusCode = 500;
    res.end(String(e));
    return;
  }
  res.statusCode = response.status;
  // An answer given before the upload was read (413) must not leave the rest of it on a
  // connection the client would reuse.
  if (hasBody && !req.complete) res.setHeader("Connection", "close");
  response.headers.forEach((v, k) => {
    res.setHeader(k, v);
  });
  if (!response.body) {
    res.end();
    return;
  }
  res.flushHeaders();
  const reader = response.body.getReader();
  res.on("close", () => {
    reader.cancel().catch(() => {});
  });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      res.write(value);
    }
    res.end();
  } catch {
    res.destroy();
  }
}

/** One parsed SSE event. */
export interface SseEvent {
  readonly event: string | undefined;
  readonly data: unknown;
}

/** Reads a whole SSE body into events (comments skipped), plus how many comments there were. */
export async function readSse(
  response: Response,
  limit = Number.POSITIVE_INFINITY,
): Promise<{ events: SseEvent[]; comments: number }> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  const events: SseEvent[] = [];
  let comments = 0;
  while (events.length < limit) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += value;
    let cut = buffer.indexOf("\n\n");
    while (cut >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let event: string | undefined;
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) comments++;
        else if (line.startsWith("event: ")) event = line.slice(7);
        else if (line.startsWith("data: ")) data.push(line.slice(6));
      }
      if (data.length > 0) events.push({ event, data: JSON.parse(data.join("\n")) });
      cut = buffer.indexOf("\n\n");
    }
  }
  if (events.length >= limit) await reader.cancel();
  return { events, comments };
}
