import { gunzipSync } from "node:zlib";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { webConsole } from "../src/server/index.js";

/** An agent-like app: the console first, then a catch-all standing in for the A2A routes. */
function agentApp(): Hono {
  const app = new Hono();
  app.route("/", webConsole());
  app.all("*", (c) => c.text(`a2a ${c.req.method} ${c.req.path}`));
  return app;
}

describe("webConsole()", () => {
  it("serves the page with a policy that allows no foreign script or inline code", async () => {
    const res = await agentApp().request("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    const html = await res.text();
    expect(html).toMatch(/<script type="module" src="console\/app\.js\?v=[0-9a-f]{12}">/);
    expect(html).toMatch(/href="console\/app\.css\?v=[0-9a-f]{12}"/);
  });

  it("lets browsers keep a versioned asset for good, and revalidate an unversioned one", async () => {
    const app = agentApp();
    const html = await (await app.request("/")).text();
    const src = /src="(console\/app\.js\?v=[0-9a-f]+)"/.exec(html)?.[1];
    const versioned = await app.request(`/${src}`);
    expect(versioned.status).toBe(200);
    expect(versioned.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(versioned.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const etag = versioned.headers.get("etag") ?? "";
    const plain = await app.request("/console/app.js?v=stale");
    expect(plain.headers.get("cache-control")).toBe("no-cache");
    const again = await app.request("/console/app.js", { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });

  it("sends the prebuilt gzip to clients that accept it", async () => {
    const app = agentApp();
    const plain = await app.request("/console/app.css");
    const zipped = await app.request("/console/app.css", {
      headers: { "Accept-Encoding": "gzip, br" },
    });
    expect(zipped.headers.get("content-encoding")).toBe("gzip");
    expect(zipped.headers.get("vary")).toBe("Accept-Encoding");
    const body = new Uint8Array(await zipped.arrayBuffer());
    expect(gunzipSync(body).toString("utf8")).toBe(await plain.text());
    const head = await app.request("/console/app.css", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("leaves every other request to the routes mounted after it", async () => {
    const app = agentApp();
    for (const [method, path] of [
      ["POST", "/"],
      ["POST", "/a2a"],
      ["GET", "/a2a/tasks"],
      ["GET", "/.well-known/agent-card.json"],
      ["GET", "/console/other.js"],
    ] as const) {
      const res = await app.request(path, { method });
      expect(await res.text(), `${method} ${path}`).toBe(`a2a ${method} ${path}`);
    }
  });

  it("says how to build the console when it is missing", () => {
    expect(() => webConsole({ dir: "/nonexistent/console" })).toThrow(
      /not built.*pnpm --filter @a2akit\/web-console build/,
    );
  });
});
