import type { IncomingMessage, ServerResponse } from "node:http";
import {
  type A2AFetchHandler,
  type A2AFetchHandlerOptions,
  createA2AFetchHandler,
  type Logger,
  silentLogger,
} from "@a2akit/server-core";
import { A2A_MEDIA_TYPE, InternalError } from "@a2akit/types";
import { NodeCall } from "./node-call.js";
import { writeEventStream, writeResponse, writeText } from "./write-answer.js";

/** What comes after the handler in a Connect-style stack (Express, Connect, Polka). */
export type NextFunction = (error?: unknown) => void;

/**
 * A node:http request listener serving A2A: `http.createServer(handler)`, or
 * `app.use(handler)` in Express and other Connect-style stacks.
 */
export interface A2ANodeHandler {
  (req: IncomingMessage, res: ServerResponse, next?: NextFunction): void;
  /** The server-core fetch handler doing the work. */
  readonly fetchHandler: A2AFetchHandler;
  /** Graceful shutdown: new calls get 503, running work finishes, streams end. */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

/**
 * Serves the agent card, JSON-RPC and HTTP+JSON (and v0.3, when enabled) on node:http. JSON-RPC
 * calls, the bulk of the traffic, are read and answered (streams included) on Node's own
 * request and response objects; everything else goes through web Request/Response. A request
 * for another path goes to `next` when there is one (its body unread), else gets an A2A 404
 * error.
 */
export function createA2ANodeHandler(options: A2AFetchHandlerOptions): A2ANodeHandler {
  const fetchHandler = createA2AFetchHandler(options);
  const logger = options.logger ?? silentLogger;
  const serve = async (req: IncomingMessage, res: ServerResponse, next?: NextFunction) => {
    const call = new NodeCall(req, res);
    const answer = await fetchHandler.serveCall(call);
    if (answer === undefined) {
      if (next) next();
      else await writeResponse(req, res, await fetchHandler.fetch(call.toRequest()));
    } else if (answer instanceof Response) {
      await writeResponse(req, res, answer);
    } else if ("pipe" in answer) {
      await writeEventStream(req, res, answer);
    } else {
      writeText(req, res, answer);
    }
  };
  const handler = (req: IncomingMessage, res: ServerResponse, next?: NextFunction): void => {
    serve(req, res, next).catch((error) => failed(res, logger, error));
  };
  return Object.assign(handler, {
    fetchHandler,
    close: (closeOptions?: { timeoutMs?: number }) => fetchHandler.close(closeOptions),
  });
}

/**
 * The fetch handler answers every A2A failure itself, so this is only reached by a fault in
 * writing the answer: log it, and answer 500 if nothing went out yet.
 */
function failed(res: ServerResponse, logger: Logger, error: unknown): void {
  logger.error("could not answer a request", {
    error: error instanceof Error ? { name: error.name, message: error.message } : String(error),
  });
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusCode = 500;
  res.setHeader("Content-Type", A2A_MEDIA_TYPE);
  res.setHeader("Connection", "close");
  res.end(JSON.stringify(new InternalError().toRestError()));
}
