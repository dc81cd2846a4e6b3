import type { IncomingMessage, ServerResponse } from "node:http";
import type { A2AEventStreamAnswer, A2ATextAnswer } from "@a2akit/server-core";

/**
 * Writes a text answer. `res.end(body)` with no header written yet lets Node set the
 * Content-Length itself.
 */
export function writeText(req: IncomingMessage, res: ServerResponse, answer: A2ATextAnswer): void {
  setHead(req, res, answer);
  res.end(answer.body);
}

/**
 * Writes an event stream: the headers at once, then each frame as a string (Node encodes it
 * while writing), at the pace the client reads, until the stream ends or the client leaves.
 */
export async function writeEventStream(
  req: IncomingMessage,
  res: ServerResponse,
  answer: A2AEventStreamAnswer,
): Promise<void> {
  setHead(req, res, answer);
  res.flushHeaders();
  const cancel = () => answer.cancel();
  res.once("close", cancel);
  // Frames written in one go of the event loop (an agent writing back to back) leave in one
  // socket write: corked at the first, uncorked once the current tasks and microtasks are done.
  let corked = false;
  const uncork = () => {
    corked = false;
    res.uncork();
  };
  try {
    await answer.pipe({
      write: (frame) => {
        if (res.destroyed) return true;
        if (!corked) {
          corked = true;
          res.cork();
          process.nextTick(uncork);
        }
        return res.write(frame);
      },
      drained: () => drained(res),
      end: () => {
        if (!res.destroyed) res.end();
      },
    });
  } finally {
    res.off("close", cancel);
  }
}

/**
 * Writes a web Response. An event stream is sent as it comes, at the pace the client reads
 * (each chunk waits for the socket to drain), and cancelled when the client goes away; any other
 * body is read whole and sent with its length.
 */
export async function writeResponse(
  req: IncomingMessage,
  res: ServerResponse,
  response: Response,
): Promise<void> {
  const headers: string[] = [];
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers.push(name, value);
  });
  for (const cookie of response.headers.getSetCookie()) headers.push("set-cookie", cookie);
  if (!req.complete) headers.push("connection", "close");
  const body = response.body;
  const streaming = response.headers.get("content-type")?.startsWith("text/event-stream") ?? false;
  if (!body || req.method === "HEAD") {
    if (body) await body.cancel().catch(() => {});
    res.writeHead(response.status, headers).end();
    return;
  }
  if (!streaming) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (!response.headers.has("content-length")) {
      headers.push("content-length", String(bytes.byteLength));
    }
    res.writeHead(response.status, headers).end(bytes);
    return;
  }
  res.writeHead(response.status, headers);
  res.flushHeaders();
  const reader = body.getReader();
  const cancel = () => {
    reader.cancel().catch(() => {});
  };
  res.once("close", cancel);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) return;
      if (!res.write(value)) await drained(res);
    }
    res.end();
  } catch {
    // The stream failed after its headers went out: all that is left is to cut the connection,
    // which the client sees as a broken stream rather than a clean end.
    res.destroy();
  } finally {
    res.off("close", cancel);
  }
}

/**
 * Sets an answer's status and headers, not yet written. A request whose body was not read to its
 * end (refused as too large, or answered before it was read) gets `Connection: close`, so Node
 * does not read the rest just to keep the connection.
 */
function setHead(
  req: IncomingMessage,
  res: ServerResponse,
  answer: { readonly status: number; readonly headers: Record<string, string> },
): void {
  res.statusCode = answer.status;
  const headers = answer.headers;
  for (const name in headers) res.setHeader(name, headers[name] as string);
  if (!req.complete) res.setHeader("connection", "close");
}

/** Resolves when the socket takes more, or is gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const go = () => {
      res.off("drain", go);
      res.off("close", go);
      resolve();
    };
    res.once("drain", go);
    res.once("close", go);
  });
}
