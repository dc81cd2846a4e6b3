import { request } from "node:http";
import { HEADERS } from "./rpc.js";

/** One SSE event as it arrived: its `data`, and when (ms since the request was sent). */
export interface ArrivedEvent {
  data: string;
  atMs: number;
  /** process.hrtime.bigint() at arrival, comparable with clocks read in other processes. */
  at: bigint;
}

export interface StreamResult {
  /** ms from sending the request to the first complete event. */
  firstMs: number;
  /** ms from sending the request to the last event. */
  lastMs: number;
  events: number;
  artifactUpdates: number;
  first: unknown;
  last: unknown;
}

export interface StreamOptions {
  timeoutMs?: number;
  /** Called for every event (as it arrives, before the next chunk is read). */
  onEvent?: (event: ArrivedEvent) => void;
}

/**
 * POSTs a JSON-RPC streaming call and reads the SSE answer to its end. Only the first and last
 * events are parsed as JSON (the rest are counted), so the client stays cheap next to the
 * server it measures. Rejects on a non-SSE answer, an `event: error`, or the timeout.
 */
export function readStream(
  url: string,
  body: string,
  options: StreamOptions = {},
): Promise<StreamResult> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  return new Promise((resolve, reject) => {
    const start = performance.now();
    let firstMs = Number.NaN;
    let lastMs = Number.NaN;
    let events = 0;
    let artifactUpdates = 0;
    let firstData: string | undefined;
    let lastData: string | undefined;
    let buffer = "";
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      clearTimeout(timer);
      req.destroy();
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new Error(`stream did not finish within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onBlock = (block: string, atMs: number) => {
      let data = "";
      let isError = false;
      for (const line of block.split("\n")) {
        if (line.startsWith("data:")) {
          const value = line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
          data = data ? `${data}\n${value}` : value;
        } else if (line.startsWith("event:") && line.slice(6).trim() === "error") {
          isError = true;
        }
      }
      if (isError) return fail(new Error(`the stream ended with an error: ${data}`));
      if (!data) return; // a comment or keep-alive
      events++;
      if (data.includes('"artifactUpdate"')) artifactUpdates++;
      if (firstData === undefined) {
        firstData = data;
        firstMs = atMs;
      }
      lastData = data;
      lastMs = atMs;
      options.onEvent?.({ data, atMs, at: process.hrtime.bigint() });
    };
    const req = request(url, { method: "POST", headers: HEADERS, agent: false }, (res) => {
      const type = String(res.headers["content-type"] ?? "");
      if (res.statusCode !== 200 || !type.startsWith("text/event-stream")) {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => {
          text += d;
        });
        res.on("end", () => fail(new Error(`not a stream (${res.statusCode} ${type}): ${text}`)));
        return;
      }
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        const atMs = performance.now() - start;
        buffer += chunk.includes("\r") ? chunk.replace(/\r\n?/g, "\n") : chunk;
        // Walk the buffer with an index and cut it once, so a large chunk stays linear.
        let from = 0;
        let end = buffer.indexOf("\n\n");
        while (end !== -1) {
          onBlock(buffer.slice(from, end), atMs);
          if (failed) return;
          from = end + 2;
          end = buffer.indexOf("\n\n", from);
        }
        buffer = buffer.slice(from);
      });
      res.on("end", () => {
        if (failed) return;
        clearTimeout(timer);
        if (firstData === undefined || lastData === undefined) {
          return reject(new Error("the stream ended without an event"));
        }
        resolve({
          firstMs,
          lastMs,
          events,
          artifactUpdates,
          first: JSON.parse(firstData),
          last: JSON.parse(lastData),
        });
      });
      res.on("error", (error) => fail(error));
    });
    req.on("error", (error) => fail(error));
    req.end(body);
  });
}

/** Checks a finished `stream:K` answer: K chunks, ending COMPLETED. */
export function checkChunkStream(result: StreamResult, chunks: number): void {
  const last = (result.last as { result?: { statusUpdate?: { status?: { state?: string } } } })
    .result?.statusUpdate?.status?.state;
  if (result.artifactUpdates !== chunks || last !== "TASK_STATE_COMPLETED") {
    throw new Error(
      `expected ${chunks} chunks then COMPLETED, got ${result.artifactUpdates} chunks and ${JSON.stringify(result.last).slice(0, 300)}`,
    );
  }
}
