import type { AddressInfo } from "node:net";
import { createA2AApp } from "@a2akit/hono";
import { createRequestHandler, defineAgent } from "@a2akit/server-core";
import { type ServerType, serve } from "@hono/node-server";
import { Hono } from "hono";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webConsole } from "../src/server/index.js";
import { launchBrowser, type TestBrowser } from "./support/browser.js";

// One transparent pixel: a real PNG, base64.
const PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";
/** Markup that runs script if it ever reaches the page as HTML. */
const HOSTILE = `<img src=x onerror="window.__pwned='img'"><script>window.__pwned='script'</script>`;

async function listen(fetch: (request: Request) => Response | Promise<Response>): Promise<{
  url: string;
  server: ServerType;
}> {
  const server = serve({ fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function close(server: ServerType | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!server) return resolve();
    server.close(() => resolve());
    (server as { closeAllConnections?: () => void }).closeAllConnections?.();
  });
}

/**
 * Another A2A agent on its own origin: it does not stream, its card and replies carry markup,
 * and its files come inline, by URL, and by a URL that would run script.
 */
async function startForeignAgent(): Promise<{ url: string; server: ServerType }> {
  // The card names the agent's URL, known once the socket listens.
  let app: { fetch: (request: Request) => Response | Promise<Response> } | undefined;
  const running = await listen(
    (request) => app?.fetch(request) ?? new Response(null, { status: 503 }),
  );
  const base = running.url;
  const handler = createRequestHandler({
    agentCard: {
      name: HOSTILE,
      description: `An agent that sends ${HOSTILE}`,
      version: "6.6.6",
      provider: { organization: "Mallory", url: "https://mallory.example" },
      supportedInterfaces: [
        { url: `${base}/a2a`, protocolBinding: "HTTP+JSON", protocolVersion: "1.0" },
      ],
      capabilities: { streaming: false },
      defaultInputModes: ["text/plain"],
      defaultOutputModes: ["text/plain", "image/png"],
      skills: [{ id: "files", name: "Files", description: HOSTILE, tags: ["demo"] }],
    },
    executor: defineAgent(async (ctx, task) => {
      if (ctx.userText === "hi") {
        await task.reply([{ text: HOSTILE }]);
        return;
      }
      await task.artifact({
        name: "files",
        parts: [
          { raw: PNG, mediaType: "image/png", filename: "dot.png" },
          { url: "https://files.example/report.csv", mediaType: "text/csv" },
          { url: "javascript:window.__pwned='link'", mediaType: "image/png", filename: "x.png" },
          { data: { note: HOSTILE, values: [1, 2] } },
        ],
      });
      await task.complete(HOSTILE);
    }),
  });
  app = createA2AApp({ handler, cors: true });
  return running;
}

describe("the web console against another agent, on another origin", () => {
  let agent: { url: string; server: ServerType };
  let site: { url: string; server: ServerType };
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    agent = await startForeignAgent();
    const app = new Hono();
    app.route("/", webConsole());
    site = await listen(app.fetch);
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await close(site?.server);
    await close(agent?.server);
  });

  const pwned = () => page.evaluate(() => (window as Window & { __pwned?: string }).__pwned);

  it("connects to the agent named in ?agent= and shows its card as text", async () => {
    await page.goto(`${site.url}/?agent=${encodeURIComponent(agent.url)}`);
    await expect.poll(() => page.locator("#agent-name").textContent()).toBe(HOSTILE);
    expect(await page.locator("#agent-url").inputValue()).toBe(agent.url);
    expect(await page.locator("#connect-status").textContent()).toBe(
      `Connected: ${HOSTILE}, over HTTP+JSON 1.0.`,
    );
    expect(await page.locator("#card img, #card script").count()).toBe(0);
    expect(await page.locator('[aria-label="Capabilities"] li').first().textContent()).toBe(
      "✗ streaming",
    );
  });

  it("shows a direct message reply, hostile text included, as text", async () => {
    await page.locator("#message").fill("hi");
    await page.locator("#send").click();
    const reply = page.locator("#chat-log .reply").last();
    await expect.poll(() => reply.getAttribute("aria-busy")).toBeNull();
    expect(await reply.locator(".part-text").textContent()).toBe(HOSTILE);
    expect(await page.locator("#chat-log img, #chat-log script").count()).toBe(0);
  });

  it("shows files: an inline image preview, a link, a refused URL, and JSON", async () => {
    await page.locator("#message").fill("files please");
    await page.locator("#send").click();
    const reply = page.locator("#chat-log .reply").last();
    await reply.locator('[data-state="TASK_STATE_COMPLETED"]').waitFor();
    const img = reply.locator("figure.part-file img");
    expect(await img.count()).toBe(1);
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(1);
    const hrefs = await reply
      .locator("a")
      .evaluateAll((els) => els.map((a) => a.getAttribute("href")));
    expect(hrefs).toEqual([`data:image/png;base64,${PNG}`, "https://files.example/report.csv"]);
    expect(await reply.locator(".part-file.refused code").textContent()).toBe(
      "javascript:window.__pwned='link'",
    );
    expect(JSON.parse((await reply.locator("pre.part-data").textContent()) ?? "")).toEqual({
      note: HOSTILE,
      values: [1, 2],
    });
    // The status message the task completed with.
    expect(await reply.locator(".status-message .part-text").textContent()).toBe(HOSTILE);

    // The same task in the task view: Subscribe is off, since the agent does not stream.
    await reply.locator("button[data-task-id]").click();
    await page.locator('#task-state [data-state="TASK_STATE_COMPLETED"]').waitFor();
    expect(await page.locator("#task-subscribe").isDisabled()).toBe(true);
    expect(await page.locator("#task-subscribe").getAttribute("title")).toBe(
      "The agent does not stream",
    );
    expect(await page.locator("#task-artifacts figure.part-file img").count()).toBe(1);
    expect(await pwned()).toBeUndefined();
  });

  it("says so when a URL is not an agent, and keeps working after", async () => {
    await page.locator("#agent-url").fill(`${site.url}/nothing-here`);
    await page.locator("#connect").click();
    await expect
      .poll(() => page.locator("#connect-status").textContent())
      .toMatch(/^Could not read the agent card at .*\/nothing-here\. /);
    expect(await page.locator("#connect-status").getAttribute("class")).toContain("error");
    expect(await page.locator("#send").isDisabled()).toBe(true);
    // Nothing listens there: the browser only says the fetch failed, so the console says more.
    await page.locator("#agent-url").fill("http://127.0.0.1:1");
    await page.locator("#connect").click();
    await expect
      .poll(() => page.locator("#connect-status").textContent())
      .toMatch(
        /^Could not read the agent card at http:\/\/127\.0\.0\.1:1\. .*allows cross-origin \(CORS\) calls from http:\/\/127\.0\.0\.1:\d+\.$/,
      );
    await page.locator("#agent-url").fill(agent.url);
    await page.locator("#connect").click();
    await expect.poll(() => page.locator("#agent-name").textContent()).toBe(HOSTILE);
    expect(await page.locator("#message").isEnabled()).toBe(true);
    expect(await pwned()).toBeUndefined();
    expect(browser.errors).toEqual([]);
  });
});
