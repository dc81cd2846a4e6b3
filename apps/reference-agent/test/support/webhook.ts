// A push notification webhook on a real socket that verifies every POST with @a2akit/push-jwt.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createPushVerifier,
  isPushVerificationError,
  type VerifiedPushNotification,
} from "@a2akit/push-jwt";

/** A running webhook. */
export interface Webhook {
  readonly port: number;
  /** Its URL (`http://127.0.0.1:<port>/hook`), the audience of the tokens it accepts. */
  readonly url: string;
  /** Notifications that passed verification, in arrival order. */
  readonly accepted: VerifiedPushNotification[];
  /** Error codes of those that did not. */
  readonly rejected: string[];
  /** Starts verifying against the agent's JWKS (from its card) and the config's token. */
  trust(agent: { issuer: string; jwksUrl: string }, token: string): void;
  close(): Promise<void>;
}

/** Starts a webhook on 127.0.0.1 with a free port; it refuses everything until `trust`. */
export async function startWebhook(): Promise<Webhook> {
  let verify: ((request: Request) => Promise<VerifiedPushNotification>) | undefined;
  const accepted: VerifiedPushNotification[] = [];
  const rejected: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) {
        if (typeof v === "string") headers.set(k, v);
      }
      const request = new Request(`http://${req.headers.host}${req.url}`, {
        method: req.method ?? "POST",
        headers,
        body: Buffer.concat(chunks),
      });
      try {
        if (!verify) throw new Error("webhook not ready");
        accepted.push(await verify(request));
        res.writeHead(204).end();
      } catch (error) {
        rejected.push(isPushVerificationError(error) ? error.code : String(error));
        res.writeHead(isPushVerificationError(error) ? error.status : 500).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/hook`;
  return {
    port,
    url,
    accepted,
    rejected,
    trust(agent, token) {
      const verifier = createPushVerifier({
        audience: url,
        issuer: agent.issuer,
        jwksUrl: agent.jwksUrl,
        notificationToken: token,
      });
      verify = (request) => verifier.verify(request);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
