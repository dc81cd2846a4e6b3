import { afterEach, describe, expect, it } from "vitest";
import { A2AClient, AuthenticationFailedError } from "../src/index.js";
import {
  cardFor,
  rpcResult,
  type SeenRequest,
  sendJson,
  startServer,
  type TestServer,
} from "./support/http-server.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const task = { id: "t1", contextId: "c1", status: { state: "TASK_STATE_WORKING" } };

/**
 * An agent whose card declares `schemes` and `requirements` ("SERVER" in them stands for this
 * server's URL); /token issues OAuth tokens.
 */
async function securedAgent(
  schemes: Record<string, unknown>,
  requirements: string[][],
  token: (req: SeenRequest) => { status: number; body: unknown } = () => ({
    status: 200,
    body: { access_token: "tok-1", token_type: "Bearer", expires_in: 3600 },
  }),
) {
  server = await startServer((q, res) => {
    if (q.url === "/token") {
      const t = token(q);
      sendJson(res, t.body, t.status);
    } else if (q.method === "GET") {
      const card = cardFor(`${server?.url}/rpc`, "JSONRPC", {
        securitySchemes: schemes,
        securityRequirements: requirements.map((names) => ({
          schemes: Object.fromEntries(names.map((n) => [n, { list: [] }])),
        })),
      });
      sendJson(res, JSON.parse(JSON.stringify(card).replaceAll("SERVER", server?.url ?? "")));
    } else {
      sendJson(res, rpcResult((q.json as { id: number }).id, task));
    }
  });
  return server;
}

const rpcCalls = () => (server?.requests ?? []).filter((r) => r.url.startsWith("/rpc"));

describe("credentials for the card's security schemes", () => {
  it("sends an API key in a header, but not with the public card fetch", async () => {
    const s = await securedAgent(
      { key: { apiKeySecurityScheme: { location: "header", name: "X-API-Key" } } },
      [["key"]],
    );
    const client = await A2AClient.fromUrl(s.url, { auth: { apiKey: "k-123" } });
    await client.getTask("t1");
    expect(s.requests[0]?.headers["x-api-key"]).toBeUndefined();
    expect(rpcCalls()[0]?.headers["x-api-key"]).toBe("k-123");
  });

  it("sends API keys in the query string and in a cookie, by scheme name", async () => {
    const s = await securedAgent(
      {
        q: { apiKeySecurityScheme: { location: "query", name: "api_key" } },
        c: { apiKeySecurityScheme: { location: "cookie", name: "session" } },
      },
      [["q", "c"]],
    );
    const client = await A2AClient.fromUrl(s.url, {
      auth: { apiKey: { q: "query-key", c: "cookie value" } },
    });
    await client.getTask("t1");
    const call = rpcCalls()[0] as SeenRequest;
    expect(call.url).toBe("/rpc?api_key=query-key");
    expect(call.headers.cookie).toBe("session=cookie%20value");
    expect((call.json as { method: string }).method).toBe("GetTask");
  });

  it("sends HTTP Bearer (from a function, asked per request) and Basic", async () => {
    const s = await securedAgent(
      {
        bearer: { httpAuthSecurityScheme: { scheme: "Bearer" } },
        basic: { httpAuthSecurityScheme: { scheme: "basic" } },
      },
      [["bearer"], ["basic"]],
    );
    let n = 0;
    const viaBearer = await A2AClient.fromUrl(s.url, { auth: { bearer: () => `t${++n}` } });
    await viaBearer.getTask("t1");
    await viaBearer.getTask("t1");
    expect(rpcCalls().map((r) => r.headers.authorization)).toEqual(["Bearer t1", "Bearer t2"]);
    const viaBasic = await A2AClient.fromUrl(s.url, {
      auth: { basic: { username: "ada", password: "pä55" } },
    });
    await viaBasic.getTask("t1");
    const header = rpcCalls()[2]?.headers.authorization as string;
    expect(header.startsWith("Basic ")).toBe(true);
    expect(Buffer.from(header.slice(6), "base64").toString("utf8")).toBe("ada:pä55");
  });

  it("fetches an OAuth 2.0 client-credentials token once and reuses it", async () => {
    const s = await securedAgent(
      {
        oauth: {
          oauth2SecurityScheme: {
            flows: {
              clientCredentials: { tokenUrl: "SERVER/token", scopes: { read: "r" } },
            },
          },
        },
      },
      [["oauth"]],
    );
    const client = await A2AClient.fromUrl(s.url, {
      auth: { oauth2: { clientId: "app", clientSecret: "s3cret", scopes: ["read"] } },
    });
    await client.getTask("t1");
    await client.getTask("t1");
    const tokenCalls = s.requests.filter((r) => r.url === "/token");
    expect(tokenCalls).toHaveLength(1);
    expect(tokenCalls[0]?.body).toBe("grant_type=client_credentials&scope=read");
    expect(
      Buffer.from(String(tokenCalls[0]?.headers.authorization).slice(6), "base64").toString(),
    ).toBe("app:s3cret");
    expect(rpcCalls().map((r) => r.headers.authorization)).toEqual([
      "Bearer tok-1",
      "Bearer tok-1",
    ]);
  });

  it("uses the first requirement the given credentials can meet", async () => {
    const s = await securedAgent(
      {
        bearer: { httpAuthSecurityScheme: { scheme: "Bearer" } },
        key: { apiKeySecurityScheme: { location: "header", name: "X-Key" } },
      },
      [["bearer"], ["key"]],
    );
    const client = await A2AClient.fromUrl(s.url, { auth: { apiKey: "only-a-key" } });
    await client.getTask("t1");
    expect(rpcCalls()[0]?.headers.authorization).toBeUndefined();
    expect(rpcCalls()[0]?.headers["x-key"]).toBe("only-a-key");
  });

  it("reports a refused token request as AuthenticationFailedError", async () => {
    const s = await securedAgent(
      {
        oauth: {
          oauth2SecurityScheme: {
            flows: { clientCredentials: { tokenUrl: "SERVER/token", scopes: {} } },
          },
        },
      },
      [["oauth"]],
      () => ({ status: 401, body: { error: "invalid_client" } }),
    );
    const client = await A2AClient.fromUrl(s.url, {
      auth: { oauth2: { clientId: "app", clientSecret: "wrong" } },
    });
    const error = await client.getTask("t1").catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationFailedError);
    expect(error.message).toContain("invalid_client");
  });
});
