// A plain node:http server on 127.0.0.1 with a free port, for tests that need a misbehaving or
// scripted agent.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the server saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  json: unknown;
}

/** A running test server. */
export interface TestServer {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/** Starts a server whose handler sees each request with its body already read. */
export async function startServer(
  handler: (req: SeenRequest, res: ServerResponse) => void | Promise<void>,
): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    let json: unknown;
    try {
      json = body ? JSON.parse(body) : undefined;
    } catch {
      json = undefined;
    }
    const seen: SeenRequest = {
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body,
      json,
    };
    requests.push(seen);
    await handler(seen, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends JSON with a status. */
export function sendJson(res: ServerResponse, body: unknown, status = 200, headers = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** Starts an SSE response. */
export function startSse(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  res.flushHeaders();
}

/** Writes one SSE event and resolves once it is handed to the socket. */
export function writeEvent(res: ServerResponse, data: unknown, event?: string): Promise<void> {
  const head = event ? `event: ${event}\n` : "";
  return new Promise((resolve) =>
    res.write(`${head}data: ${JSON.stringify(data)}\n\n`, () => resolve()),
  );
}

/** Cuts the connection mid-response, as a crashing proxy or server would. */
export function cut(res: ServerResponse): void {
  res.socket?.destroy();
}

/** A minimal valid v1.0 card for one interface. */
export function cardFor(
  url: string,
  binding = "JSONRPC",
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name: "Test agent",
    description: "A scripted agent",
    version: "1.0.0",
    supportedInterfaces: [{ url, protocolBinding: binding, protocolVersion: "1.0" }],
    capabilities: { streaming: true },
    defaultInputModes: ["text/plain"],
    defaultOutputModes: ["text/plain"],
    skills: [],
    ...extra,
  };
}

/** A JSON-RPC success envelope. */
export function rpcResult(id: unknown, result: unknown): unknown {
  return { jsonrpc: "2.0", id, result };
}
