import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";

/** A server on 127.0.0.1 with a free port, answering through a Fetch handler. */
export interface TestServer {
  url: string;
  close(): Promise<void>;
}

/** Starts `fetch` on a real socket at 127.0.0.1 and a port the OS picks. */
export function listen(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<TestServer> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
          }),
      });
    });
  });
}
