import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, type TestBrowser } from "./support/browser.js";

/** What the test uses of the reference agent's `startReferenceAgent`. */
interface RunningAgent {
  readonly url: string;
  close(): Promise<void>;
}
type StartReferenceAgent = (options: {
  port: number;
  host: string;
  logLevel: string;
  apiKeys?: string[];
}) => Promise<RunningAgent>;

/**
 * The reference agent, started from its source as its own tests do. Imported by path (not as a
 * package: the agent depends on this console, so a dependency back would be a cycle); turbo
 * builds the agent's dependencies before this test runs.
 */
async function startReferenceAgent(apiKeys: string[] = []): Promise<RunningAgent> {
  const path = fileURLToPath(new URL("../../reference-agent/src/server.ts", import.meta.url));
  const agent = (await import(/* @vite-ignore */ path)) as {
    startReferenceAgent: StartReferenceAgent;
  };
  return agent.startReferenceAgent({ port: 0, host: "127.0.0.1", logLevel: "silent", apiKeys });
}

/** Seeds a finished task in `contextId` over HTTP+JSON, as another client would. */
async function seedTask(agentUrl: string, contextId: string, text: string): Promise<string> {
  const res = await fetch(`${agentUrl}/a2a/message:send`, {
    method: "POST",
    headers: { "A2A-Version": "1.0", "Content-Type": "application/json" },
    body: JSON.stringify({
      message: { messageId: crypto.randomUUID(), role: "ROLE_USER", contextId, parts: [{ text }] },
    }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { task: { id: string; status: { state: string } } };
  expect(body.task.status.state).toBe("TASK_STATE_COMPLETED");
  return body.task.id;
}

type ConsoleWindow = Window & { __replyTexts: string[] };

describe("the web console served by the reference agent", () => {
  let agent: RunningAgent;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    agent = await startReferenceAgent();
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await agent?.close();
  });

  /** Types a message in the chat and sends it with Enter, as a person would. */
  async function say(text: string): Promise<void> {
    await page.locator("#message").fill(text);
    await page.locator("#message").press("Enter");
  }

  it("loads at / and shows the agent's card", async () => {
    await page.goto(`${agent.url}/`);
    await expect
      .poll(() => page.locator("#agent-name").textContent())
      .toBe("a2akit reference agent");
    expect(await page.locator("#connect-status").textContent()).toMatch(
      /^Connected: a2akit reference agent, over JSONRPC 1\.0\.$/,
    );
    expect(await page.locator("#skills .skill h4").allTextContents()).toEqual([
      "Chat",
      "Convert units",
      "Report",
      "Inspect files",
      "Secure (demo)",
    ]);
    const capabilities = await page.locator('[aria-label="Capabilities"] li').allTextContents();
    expect(capabilities).toContain("✓ streaming");
    expect(capabilities).toContain("✓ push notifications");
    const interfaces = await page.locator(".interfaces li strong").allTextContents();
    expect(interfaces).toEqual(expect.arrayContaining(["JSONRPC 1.0", "HTTP+JSON 1.0"]));
    expect(await page.locator(".interfaces li.chosen").textContent()).toContain(`${agent.url}/a2a`);
  });

  it("streams a reply into the chat chunk by chunk", async () => {
    // Record the reply's text after every DOM change of the chat log: a streamed reply shows
    // up as a growing sequence of texts, a buffered one as a single final text.
    await page.evaluate(() => {
      const w = window as unknown as ConsoleWindow;
      w.__replyTexts = [];
      const log = document.getElementById("chat-log") as HTMLElement;
      new MutationObserver(() => {
        const replies = log.querySelectorAll(".reply");
        const text =
          replies[replies.length - 1]?.querySelector(".artifact .part-text")?.textContent;
        if (text && w.__replyTexts[w.__replyTexts.length - 1] !== text) w.__replyTexts.push(text);
      }).observe(log, { childList: true, subtree: true, characterData: true });
    });
    await say("hello there");
    const reply = page.locator("#chat-log .reply").last();
    await reply.locator('[data-state="TASK_STATE_COMPLETED"]').waitFor();
    const final = await reply.locator(".artifact .part-text").textContent();
    expect(final).toMatch(/^You said: "hello there"\. I am the a2akit reference agent/);
    const texts = await page.evaluate(() => (window as unknown as ConsoleWindow).__replyTexts);
    // The agent sends the reply three words at a time: many steps, each extending the last.
    expect(texts.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < texts.length; i++) {
      expect(texts[i]?.startsWith(texts[i - 1] ?? "\0"), `step ${i} extends step ${i - 1}`).toBe(
        true,
      );
    }
    expect(texts.at(-1)).toBe(final);
    expect(await page.locator("#chat-log .message.user").last().textContent()).toContain(
      "hello there",
    );
    expect(await page.locator("#context-id").textContent()).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("opens the chat's task from the task list, with its timeline, artifact and history", async () => {
    const taskId = await page
      .locator("#chat-log .reply")
      .last()
      .locator("button[data-task-id]")
      .getAttribute("data-task-id");
    expect(taskId).toBeTruthy();
    const row = page.locator(`#task-list button[data-task-id="${taskId}"]`);
    await row.click();
    await expect.poll(() => page.locator("#task-view").isVisible()).toBe(true);
    expect(await page.locator("#task-id").textContent()).toBe(taskId);
    await page.locator('#task-state [data-state="TASK_STATE_COMPLETED"]').waitFor();
    expect(await row.getAttribute("aria-current")).toBe("true");
    // The console saw the stream, so the timeline has the states GetTask alone would not show.
    const timeline = await page
      .locator("#task-timeline [data-state]")
      .evaluateAll((els) => els.map((el) => el.getAttribute("data-state")));
    expect(timeline[0]).toBe("TASK_STATE_SUBMITTED");
    expect(timeline).toContain("TASK_STATE_WORKING");
    expect(timeline.at(-1)).toBe("TASK_STATE_COMPLETED");
    expect(await page.locator("#task-artifacts .part-text").textContent()).toMatch(
      /^You said: "hello there"\./,
    );
    expect(await page.locator("#task-history .message.user").first().textContent()).toContain(
      "hello there",
    );
    expect(await page.locator("#task-cancel").isDisabled()).toBe(true);
  });

  it("shows a data part as formatted JSON", async () => {
    await say("/convert 10 km to mi");
    const reply = page.locator("#chat-log .reply").last();
    await reply.locator('[data-state="TASK_STATE_COMPLETED"]').waitFor();
    const json = JSON.parse((await reply.locator("pre.part-data").textContent()) ?? "");
    expect(json).toMatchObject({ value: 10, from: "km", to: "mi", kind: "length" });
    expect(await reply.locator("pre.part-data").textContent()).toContain('\n  "value": 10,\n');
  });

  it("continues a task that asks for more input with the next message", async () => {
    await say("/convert 10 km");
    const asking = page.locator("#chat-log .reply").last();
    await asking.locator('[data-state="TASK_STATE_INPUT_REQUIRED"]').waitFor();
    expect(await asking.textContent()).toContain("Convert 10 km to what?");
    const taskId = await asking.locator("button[data-task-id]").getAttribute("data-task-id");
    expect(await page.locator("#continued-task").textContent()).toBe(taskId);

    await say("mi");
    const answer = page.locator("#chat-log .reply").last();
    await answer.locator('[data-state="TASK_STATE_COMPLETED"]').waitFor();
    expect(await answer.locator("button[data-task-id]").getAttribute("data-task-id")).toBe(taskId);
    expect(await answer.locator(".artifact .part-text").textContent()).toBe("10 km = 6.2137 mi");
    expect(await page.locator("#continued-task").count()).toBe(0);
  });

  it("filters tasks by context and state, and pages through them", async () => {
    const contextId = `seed-${crypto.randomUUID()}`;
    const seeded = new Set<string>();
    for (let i = 0; i < 6; i++) seeded.add(await seedTask(agent.url, contextId, `seed ${i}`));
    await page.locator("#page-size").selectOption("5");
    await page.locator("#filter-context").fill(contextId);
    await page.locator("#filter-context").press("Enter");
    const ids = () =>
      page
        .locator("#task-list [data-task-id]")
        .evaluateAll((els) => els.map((el) => el.getAttribute("data-task-id")));
    await expect.poll(() => page.locator("#page-info").textContent()).toBe("Page 1 · 6 tasks");
    const first = await ids();
    expect(first).toHaveLength(5);
    expect(await page.locator("#prev-page").isDisabled()).toBe(true);
    await page.locator("#next-page").click();
    await expect.poll(() => page.locator("#page-info").textContent()).toBe("Page 2 · 6 tasks");
    const second = await ids();
    expect(second).toHaveLength(1);
    expect(new Set([...first, ...second])).toEqual(seeded);
    expect(await page.locator("#next-page").isDisabled()).toBe(true);
    await page.locator("#prev-page").click();
    await expect.poll(() => page.locator("#page-info").textContent()).toBe("Page 1 · 6 tasks");
    expect(await ids()).toEqual(first);

    // Only completed tasks, of any context: the chat's and the seeded ones.
    await page.locator("#filter-context").fill("");
    await page.locator("#filter-context").press("Enter");
    await page.locator("#filter-state").selectOption("TASK_STATE_COMPLETED");
    await expect.poll(() => page.locator("#page-info").textContent()).toBe("Page 1 · 9 tasks");
    const states = await page
      .locator("#task-list [data-task-id] [data-state]")
      .evaluateAll((els) => els.map((el) => el.getAttribute("data-state")));
    expect(new Set(states)).toEqual(new Set(["TASK_STATE_COMPLETED"]));
    await page.locator("#filter-state").selectOption("TASK_STATE_CANCELED");
    await expect.poll(() => page.locator("#tasks-status").textContent()).toBe("No tasks.");

    // "This conversation" narrows the list to the chat's context.
    await page.locator("#filter-state").selectOption("");
    await page.locator("#filter-this-context").click();
    expect(await page.locator("#filter-context").inputValue()).toBe(
      await page.locator("#context-id").textContent(),
    );
    await expect.poll(() => page.locator("#page-info").textContent()).toBe("Page 1 · 3 tasks");
  });

  it("follows a running report and cancels it", async () => {
    await say("/report 30s");
    const reply = page.locator("#chat-log .reply").last();
    await reply.locator('[data-state="TASK_STATE_WORKING"]').waitFor();
    expect(await reply.textContent()).toContain("Building a report: 5 steps over 30 s");
    const taskId = await reply.locator("button[data-task-id]").getAttribute("data-task-id");

    await page.locator(`#task-list button[data-task-id="${taskId}"]`).click();
    expect(await page.locator("#task-id").textContent()).toBe(taskId);
    await page.locator('#task-state [data-state="TASK_STATE_WORKING"]').waitFor();
    const subscribe = page.locator("#task-subscribe");
    await subscribe.click();
    await expect.poll(() => subscribe.getAttribute("aria-pressed")).toBe("true");
    expect(await subscribe.textContent()).toBe("Stop following");
    expect(await page.locator("#task-cancel").isEnabled()).toBe(true);

    await page.locator("#task-cancel").click();
    await page.locator('#task-state [data-state="TASK_STATE_CANCELED"]').waitFor();
    expect(await page.locator("#task-note").textContent()).toBe("Canceled.");
    const timeline = await page
      .locator("#task-timeline [data-state]")
      .evaluateAll((els) => els.map((el) => el.getAttribute("data-state")));
    expect(timeline.at(-1)).toBe("TASK_STATE_CANCELED");
    expect(await page.locator("#task-cancel").isDisabled()).toBe(true);
    // The subscription and the chat's stream both end with the task.
    await expect.poll(() => subscribe.getAttribute("aria-pressed")).toBe("false");
    await reply.locator('[data-state="TASK_STATE_CANCELED"]').waitFor();
    await page
      .locator(`#task-list button[data-task-id="${taskId}"] [data-state="TASK_STATE_CANCELED"]`)
      .waitFor();
    expect(await page.locator("#send").isEnabled()).toBe(true);
    expect(browser.errors).toEqual([]);
  });

  it("stops following a reply while the task goes on", async () => {
    await say("/report 30s");
    const reply = page.locator("#chat-log .reply").last();
    await reply.locator('[data-state="TASK_STATE_WORKING"]').waitFor();
    const taskId = await reply.locator("button[data-task-id]").getAttribute("data-task-id");
    await page.locator("#stop").click();
    await expect
      .poll(() => reply.locator("[role=alert]").textContent())
      .toBe("Stopped following this reply. The task itself goes on.");
    expect(await page.locator("#stop").isHidden()).toBe(true);
    expect(await page.locator("#send").isEnabled()).toBe(true);
    // Still running on the agent: open it from the reply and cancel it there.
    await reply.locator("button[data-task-id]").click();
    expect(await page.locator("#task-id").textContent()).toBe(taskId);
    await page.locator('#task-state [data-state="TASK_STATE_WORKING"]').waitFor();
    await page.locator("#task-cancel").click();
    await page.locator('#task-state [data-state="TASK_STATE_CANCELED"]').waitFor();
  });

  it("talks to an agent that asks for a key, once given one", async () => {
    const guarded = await startReferenceAgent(["console-test-key"]);
    try {
      await page.locator("#agent-url").fill(guarded.url);
      await page.locator("#connect").click();
      // The card is public; the calls are not.
      await expect
        .poll(() => page.locator(".interfaces li.chosen").textContent())
        .toContain(`${guarded.url}/a2a`);
      await expect
        .poll(() => page.locator("#tasks-status").textContent())
        .toMatch(/^Could not list tasks\. .*(401|auth)/i);
      await say("hello");
      await expect
        .poll(() => page.locator("#chat-log .reply .error").textContent())
        .toMatch(/401|auth/i);

      await page.locator("#agent-secret").fill("console-test-key");
      await page.locator("#connect").click();
      await expect.poll(() => page.locator("#chat-log .reply").count()).toBe(0);
      await say("hello");
      await page.locator('#chat-log .reply [data-state="TASK_STATE_COMPLETED"]').waitFor();
      await expect.poll(() => page.locator("#page-info").textContent()).toBe("Page 1 · 1 task");
      // The key stays in the page: not in its address.
      expect(page.url()).not.toContain("console-test-key");
      expect(browser.errors).toEqual([]);
    } finally {
      await guarded.close();
    }
  });
});
