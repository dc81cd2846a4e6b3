import { A2AClient, A2AClientError } from "@a2akit/client";
import { renderCard } from "./card-view.js";
import { ChatPanel } from "./chat-view.js";
import { byId, fill, h } from "./dom.js";
import { describeError } from "./message-view.js";
import { TaskList } from "./task-list.js";
import { TaskView } from "./task-view.js";
import { TaskTracker } from "./tracker.js";

/**
 * Wires the panels together. The agent URL comes from `?agent=` when given, else the page's own
 * origin: served by an agent, the console talks to that agent with no setup.
 */
function start(): void {
  const tracker = new TaskTracker();
  const urlInput = byId<HTMLInputElement>("agent-url");
  const secretInput = byId<HTMLInputElement>("agent-secret");
  const connectStatus = byId("connect-status");
  const cardEl = byId("card");

  let list: TaskList | undefined;
  const view = new TaskView(
    tracker,
    (taskId) => list?.select(taskId),
    () => list?.refresh(),
  );
  const chat = new ChatPanel({
    tracker,
    openTask: (taskId) => view.show(taskId),
    tasksChanged: () => list?.refresh(),
  });
  list = new TaskList(
    (taskId) => view.show(taskId),
    () => chat.contextId,
  );

  let attempt = 0;
  async function connect(url: string): Promise<void> {
    const mine = ++attempt;
    connectStatus.textContent = `Connecting to ${url}…`;
    connectStatus.classList.remove("error");
    try {
      // One secret serves whichever scheme the card declares (API key or bearer token); it
      // lives in this page only, never in the URL or storage.
      const secret = secretInput.value.trim();
      const client = await A2AClient.fromUrl(url, {
        timeout: 15_000,
        ...(secret ? { auth: { apiKey: secret, bearer: secret } } : {}),
      });
      if (mine !== attempt) return;
      fill(
        cardEl,
        renderCard(client.card, client.agentInterface, (text) => chat.prefill(text)),
      );
      connectStatus.textContent = `Connected: ${client.card.name}, over ${client.agentInterface.protocolBinding} ${client.protocolVersion}.`;
      chat.reset(client);
      view.reset(client);
      list?.reset(client);
      const query = new URL(location.href);
      if (url !== location.origin) query.searchParams.set("agent", url);
      else query.searchParams.delete("agent");
      history.replaceState(null, "", query);
    } catch (error) {
      if (mine !== attempt) return;
      connectStatus.textContent = `Could not read the agent card at ${url}. ${describeError(error)}${corsHint(url, error)}`;
      connectStatus.classList.add("error");
      fill(cardEl, h("p", { class: "muted" }, "Not connected."));
      chat.reset(undefined);
      view.reset(undefined);
      list?.reset(undefined);
    }
  }

  byId<HTMLFormElement>("connect-form").addEventListener("submit", (event) => {
    event.preventDefault();
    void connect(urlInput.value.trim());
  });
  urlInput.value = new URLSearchParams(location.search).get("agent") ?? location.origin;
  void connect(urlInput.value);
}

/**
 * A browser reports a refused cross-origin call as a bare network failure; say what to check.
 */
function corsHint(url: string, error: unknown): string {
  if (!(error instanceof A2AClientError) || error.code !== "NETWORK") return "";
  let origin: string | undefined;
  try {
    origin = new URL(url).origin;
  } catch {
    return "";
  }
  return origin === location.origin
    ? ""
    : ` Check that the agent is running and that it allows cross-origin (CORS) calls from ${location.origin}.`;
}

start();
