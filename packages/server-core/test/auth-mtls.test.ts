import { execFileSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request as httpsRequest, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthIdentity, authFromCard } from "../src/auth/index.js";
import { createA2AFetchHandler, createRequestHandler, defineAgent } from "../src/index.js";
import { requirement, SCHEMES, securedCard } from "./auth-card.js";

/**
 * Mutual TLS for real: the host (node:https here) verifies the client certificate against its
 * CA and hands the verified peer to the `mtls` hook through a WeakMap keyed by the Request.
 */
const dir = mkdtempSync(join(tmpdir(), "a2a-mtls-"));
const file = (name: string) => join(dir, name);
const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });

function issue(name: string, cn: string, signer: "ca" | "self", ext?: string) {
  openssl(
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.csr`,
    "-subj",
    `/CN=${cn}`,
  );
  if (ext) writeFileSync(file(`${name}.ext`), ext);
  const extArgs = ext ? ["-extfile", `${name}.ext`] : [];
  if (signer === "ca") {
    openssl(
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      "ca.crt",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-days",
      "1",
      "-out",
      `${name}.crt`,
      ...extArgs,
    );
  } else {
    openssl(
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-signkey",
      `${name}.key`,
      "-days",
      "1",
      "-out",
      `${name}.crt`,
    );
  }
  return { key: readFileSync(file(`${name}.key`)), cert: readFileSync(file(`${name}.crt`)) };
}

let server: Server;
let port: number;
let ca: Buffer;
let client: { key: Buffer; cert: Buffer };
let rogue: { key: Buffer; cert: Buffer };
const peers = new WeakMap<Request, AuthIdentity>();

beforeAll(async () => {
  openssl(
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    "ca.key",
    "-out",
    "ca.crt",
    "-subj",
    "/CN=Test CA",
    "-days",
    "1",
  );
  ca = readFileSync(file("ca.crt"));
  const tls = issue("server", "127.0.0.1", "ca", "subjectAltName=IP:127.0.0.1\n");
  client = issue("client", "billing-service", "ca");
  rogue = issue("rogue", "billing-service", "self");

  const card = securedCard({ mtls: SCHEMES.mtls }, [requirement(["mtls"])]);
  const handler = createRequestHandler({
    agentCard: card,
    executor: defineAgent(async (ctx, task) => task.complete(`hello ${ctx.user.id}`)),
  });
  const a2a = createA2AFetchHandler({
    handler,
    ...authFromCard(card, { mtls: (request) => peers.get(request) }),
  });
  server = createServer(
    { ...tls, ca, requestCert: true, rejectUnauthorized: false },
    async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const request = new Request(`https://127.0.0.1${req.url}`, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        ...(req.method === "POST" ? { body: Buffer.concat(chunks) } : {}),
      });
      // Only a certificate that chains to our CA names the caller.
      const socket = req.socket as TLSSocket;
      if (socket.authorized) {
        const cn = socket.getPeerCertificate().subject?.CN;
        if (typeof cn === "string") peers.set(request, { id: cn, tenant: "acme" });
      }
      const response = await a2a.fetch(request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    },
  );
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

function send(credentials?: { key: Buffer; cert: Buffer }): Promise<{ status: number; body: any }> {
  const body = JSON.stringify({
    message: { messageId: crypto.randomUUID(), role: "ROLE_USER", parts: [{ text: "hi" }] },
  });
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: "127.0.0.1",
        port,
        path: "/rest/message:send",
        method: "POST",
        ca,
        ...credentials,
        agent: false,
        headers: { "A2A-Version": "1.0", "Content-Type": "application/json" },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString()),
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("mutual TLS through a real TLS server", () => {
  it("admits a client whose certificate chains to the CA, named by its CN", async () => {
    const res = await send(client);
    expect(res.status).toBe(200);
    expect(res.body.task.status.message.parts[0].text).toBe("hello billing-service");
  });

  it("refuses a client without a certificate, or with a self-signed one, with 401", async () => {
    for (const credentials of [undefined, rogue]) {
      const res = await send(credentials);
      expect(res.status).toBe(401);
      expect(res.body.error.message).toBe(
        "This agent requires authentication: mtls (TLS client certificate)",
      );
    }
  });
});
