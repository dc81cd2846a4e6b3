import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, type TestBrowser } from "./support/browser.js";
import { bundleForBrowser } from "./support/bundle.js";

// One transparent pixel: a real PNG, base64.
const PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";
/** Markup that runs script if it ever reaches the page as HTML. */
const HOSTILE = `<img src=x onerror="window.__pwned='img'"><script>window.__pwned='script'</script>`;

/** The renderers as the harness exposes them; the tests hand them plain JSON. */
type Renderers = Record<
  "renderParts" | "renderMessage" | "renderArtifact" | "renderCard",
  (...args: unknown[]) => HTMLElement
>;
type HarnessWindow = Window & { consoleRender: Renderers; __pwned?: string; __examples?: string[] };

describe("rendering helpers in a real browser", () => {
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    const script = await bundleForBrowser(new URL("./support/render-harness.ts", import.meta.url));
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.setContent('<!doctype html><main id="root"></main>');
    await page.addScriptTag({ content: script });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Renders with `call` into a fresh #root and returns its outer HTML. */
  async function render(call: string, arg: unknown): Promise<string> {
    return page.evaluate(
      ([fn, value]) => {
        const w = window as unknown as HarnessWindow;
        const root = document.getElementById("root") as HTMLElement;
        root.replaceChildren(
          (w.consoleRender[fn as keyof Renderers] as (v: unknown) => HTMLElement)(value),
        );
        return root.innerHTML;
      },
      [call, arg] as const,
    );
  }

  /** Lets any injected handler (onerror, a script) run before checking it did nothing. */
  async function settle(): Promise<void> {
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)));
  }

  it("keeps hostile text as text: no element, no script, the exact characters shown", async () => {
    await render("renderMessage", {
      messageId: "m1",
      role: "ROLE_AGENT",
      parts: [{ text: HOSTILE }, { data: { note: HOSTILE } }],
    });
    await settle();
    expect(await page.locator("#root img, #root script").count()).toBe(0);
    expect(await page.locator("#root .part-text").textContent()).toBe(HOSTILE);
    expect(await page.locator("#root .part-data").textContent()).toBe(
      JSON.stringify({ note: HOSTILE }, null, 2),
    );
    expect(await page.evaluate(() => (window as unknown as HarnessWindow).__pwned)).toBeUndefined();
  });

  it("shows data parts as indented JSON in a focusable block", async () => {
    const data = { value: 10, from: "km", to: "mi", result: { value: 6.214, unit: "mi" } };
    await render("renderParts", [{ data }]);
    const block = page.locator("#root pre.part-data");
    expect(await block.textContent()).toBe(JSON.stringify(data, null, 2));
    expect(await block.getAttribute("tabindex")).toBe("0");
  });

  it("previews an inline PNG and offers it as a download", async () => {
    await render("renderParts", [{ raw: PNG, mediaType: "image/png", filename: "dot.png" }]);
    const img = page.locator("#root figure.part-file img");
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(1);
    expect(await img.getAttribute("alt")).toBe("dot.png");
    const link = page.locator("#root figure.part-file a");
    expect(await link.getAttribute("href")).toBe(`data:image/png;base64,${PNG}`);
    expect(await link.getAttribute("download")).toBe("dot.png");
    expect(await link.textContent()).toBe("Download dot.png (image/png)");
  });

  it("links http(s) files apart from the console and never links script URLs", async () => {
    await render("renderParts", [
      { url: "https://files.example/report.csv", mediaType: "text/csv" },
      { url: "javascript:window.__pwned='link'", mediaType: "image/png", filename: HOSTILE },
      { url: "data:text/html,<script>window.__pwned='data'</script>", filename: "page.html" },
      { raw: btoa("<script>1</script>"), mediaType: "text/html", filename: "page.html" },
    ]);
    const links = await page
      .locator("#root a")
      .evaluateAll((els) =>
        els.map((a) => [a.getAttribute("href"), a.getAttribute("target"), a.getAttribute("rel")]),
      );
    expect(links).toEqual([
      ["https://files.example/report.csv", "_blank", "noopener noreferrer"],
      [
        `data:application/octet-stream;base64,${btoa("<script>1</script>")}`,
        null,
        "noopener noreferrer",
      ],
    ]);
    // The refused URLs are still visible, as text, for the user to judge.
    const refused = page.locator("#root .part-file.refused");
    expect(await refused.count()).toBe(2);
    expect(await refused.first().textContent()).toBe(
      `File ${HOSTILE} (image/png), not linked: javascript:window.__pwned='link'`,
    );
    expect(await page.locator("#root img").count()).toBe(0);
  });

  it("shows a streamed artifact's text chunks as one text", async () => {
    await render("renderArtifact", {
      artifactId: "a1",
      name: "reply",
      parts: [{ text: "You said: " }, { text: '"hi". I am ' }, { text: "an agent." }],
    });
    const texts = await page.locator("#root .part-text").allTextContents();
    expect(texts).toEqual(['You said: "hi". I am an agent.']);
    expect(await page.locator("#root .artifact-name").textContent()).toBe("reply");
  });

  it("renders a hostile card as text, with no link to a script URL", async () => {
    const card = {
      name: HOSTILE,
      description: `desc ${HOSTILE}`,
      version: "1",
      provider: { organization: HOSTILE, url: "javascript:window.__pwned='provider'" },
      iconUrl: "javascript:window.__pwned='icon'",
      supportedInterfaces: [
        { url: "https://agent.example/a2a", protocolBinding: "JSONRPC", protocolVersion: "1.0" },
      ],
      capabilities: { streaming: true },
      defaultInputModes: ["text/plain"],
      defaultOutputModes: ["text/plain"],
      skills: [
        {
          id: `"><img src=x>`,
          name: HOSTILE,
          description: HOSTILE,
          tags: [HOSTILE],
          examples: [HOSTILE],
        },
      ],
    };
    await page.evaluate((c) => {
      const w = window as unknown as HarnessWindow;
      w.__examples = [];
      const root = document.getElementById("root") as HTMLElement;
      root.replaceChildren(
        w.consoleRender.renderCard(c, c.supportedInterfaces[0], (text: string) =>
          w.__examples?.push(text),
        ),
      );
    }, card);
    await settle();
    expect(await page.locator("#root img, #root script, #root a").count()).toBe(0);
    expect(await page.locator("#agent-name").textContent()).toBe(HOSTILE);
    expect(await page.locator("#root .skill h4").textContent()).toBe(HOSTILE);
    expect(await page.locator("#root .skill").getAttribute("data-skill")).toBe(`"><img src=x>`);
    await page.locator("#root button.example").click();
    expect(await page.evaluate(() => (window as unknown as HarnessWindow).__examples)).toEqual([
      HOSTILE,
    ]);
    expect(await page.evaluate(() => (window as unknown as HarnessWindow).__pwned)).toBeUndefined();
    expect(browser.errors).toEqual([]);
  });
});
