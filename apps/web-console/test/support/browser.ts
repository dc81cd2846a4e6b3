import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";

/** The system Chromium; the tests never download a browser of their own. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** A headless Chromium with a fresh profile, and how to get rid of both. */
export interface TestBrowser {
  readonly context: BrowserContext;
  /** Uncaught errors of every page opened with {@link TestBrowser.newPage}. */
  readonly errors: Error[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Starts headless Chromium. Fails (never skips) when the binary is missing, saying how to get it:
 * these tests are the only check that the console works in a browser.
 */
export async function launchBrowser(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}. The web console tests drive a real browser: ` +
        "install Debian's package (apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary.",
    );
  }
  const errors: Error[] = [];
  const profile = await mkdtemp(join(tmpdir(), "a2akit-console-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1400, height: 1000 },
  });
  return {
    context,
    errors,
    async newPage() {
      const page = await context.newPage();
      // A script error in the console must fail the test that caused it, not pass unseen.
      page.on("pageerror", (error) => errors.push(error));
      return page;
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
