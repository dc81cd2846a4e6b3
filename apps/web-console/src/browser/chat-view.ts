import type { A2AClient, Conversation } from "@a2akit/client";
import { isInterrupted, type Message, type Task } from "@a2akit/types";
import { byId, fill, h } from "./dom.js";
import { shortId } from "./format.js";
import { describeError, renderArtifact, renderMessage, stateBadge } from "./message-view.js";
import type { TaskTracker } from "./tracker.js";

/** What the chat needs from the rest of the console. */
export interface ChatHost {
  readonly tracker: TaskTracker;
  /** Shows a task in the task view. */
  openTask(taskId: string): void;
  /** A turn created or changed a task: the task list may be stale. */
  tasksChanged(): void;
}

/**
 * The chat: one conversation at a time, streamed when the agent can stream. The conversation
 * carries the contextId from turn to turn and, while a task waits for input, its taskId, so the
 * next message continues that task.
 */
export class ChatPanel {
  private readonly log = byId("chat-log");
  private readonly form = byId<HTMLFormElement>("chat-form");
  private readonly input = byId<HTMLTextAreaElement>("message");
  private readonly send = byId<HTMLButtonElement>("send");
  private readonly stop = byId<HTMLButtonElement>("stop");
  private readonly ids = byId("conversation-ids");
  private client: A2AClient | undefined;
  private conversation: Conversation | undefined;
  private running: AbortController | undefined;

  constructor(private readonly host: ChatHost) {
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.submit();
    });
    this.input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.form.requestSubmit();
      }
    });
    this.stop.addEventListener("click", () => this.running?.abort());
    byId("new-conversation").addEventListener("click", () => this.reset(this.client));
  }

  /** The context of the current conversation, once the agent has named one. */
  get contextId(): string | undefined {
    return this.conversation?.contextId;
  }

  /** Starts over with a new conversation (with a new agent, or none). */
  reset(client: A2AClient | undefined): void {
    this.running?.abort();
    this.client = client;
    this.conversation = client?.conversation();
    this.log.replaceChildren();
    this.setBusy(false);
    this.showIds();
  }

  /** Puts text in the message box, e.g. a skill example. */
  prefill(text: string): void {
    this.input.value = text;
    this.input.focus();
  }

  private async submit(): Promise<void> {
    const text = this.input.value.trim();
    const client = this.client;
    const conversation = this.conversation;
    if (!text || !client || !conversation || this.running) return;
    this.input.value = "";
    this.log.append(
      renderMessage({ messageId: "", role: "ROLE_USER", parts: [{ text }] } satisfies Message),
    );
    const reply = h("article", { class: "message agent reply", "aria-busy": "true" });
    this.log.append(reply);
    const running = new AbortController();
    this.running = running;
    this.setBusy(true);
    let taskId: string | undefined;
    const messages: Message[] = [];
    const draw = () => {
      const task = taskId ? this.host.tracker.get(taskId)?.task : undefined;
      fill(
        reply,
        renderReply(task, messages, (id) => this.host.openTask(id)),
      );
      this.log.scrollTop = this.log.scrollHeight;
    };
    try {
      if (client.card.capabilities.streaming) {
        for await (const event of conversation.stream(text, { signal: running.signal })) {
          if (event.message) messages.push(event.message);
          const touched = this.host.tracker.applyEvent(event);
          if (touched && touched !== taskId) {
            taskId = touched;
            this.host.tasksChanged();
          }
          draw();
          this.showIds();
        }
      } else {
        const answer = await conversation.send(text, { signal: running.signal });
        if ("status" in answer) {
          this.host.tracker.applyTask(answer);
          taskId = answer.id;
        } else messages.push(answer);
        draw();
      }
    } catch (error) {
      reply.append(
        h(
          "p",
          { class: "error", role: "alert" },
          running.signal.aborted
            ? "Stopped following this reply. The task itself goes on."
            : describeError(error),
        ),
      );
    } finally {
      reply.removeAttribute("aria-busy");
      if (this.running === running) this.running = undefined;
      this.setBusy(false);
      this.showIds();
      if (taskId) this.host.tasksChanged();
    }
  }

  private setBusy(busy: boolean): void {
    const ready = this.client !== undefined && !busy;
    this.input.disabled = this.client === undefined;
    this.send.disabled = !ready;
    this.stop.hidden = !busy;
  }

  private showIds(): void {
    const c = this.conversation;
    if (!c) {
      fill(this.ids);
      return;
    }
    const waiting = c.taskId ? this.host.tracker.get(c.taskId)?.task : undefined;
    fill(
      this.ids,
      "Context: ",
      h("code", { id: "context-id" }, c.contextId ?? "new"),
      waiting && isInterrupted(waiting.status.state)
        ? h(
            "span",
            { class: "continues" },
            " · The agent is waiting for you: your next message continues task ",
            h("code", { id: "continued-task" }, waiting.id),
          )
        : null,
    );
  }
}

/** The agent's side of one turn: the task's state, its status message and artifacts, or messages. */
function renderReply(
  task: Task | undefined,
  messages: readonly Message[],
  openTask: (taskId: string) => void,
): HTMLElement[] {
  const out: HTMLElement[] = [h("p", { class: "who" }, "Agent")];
  if (task) {
    out.push(
      h(
        "p",
        { class: "reply-task" },
        stateBadge(task.status.state),
        " ",
        h(
          "button",
          {
            type: "button",
            class: "link",
            "data-task-id": task.id,
            onclick: () => openTask(task.id),
          },
          `Task ${shortId(task.id)}`,
        ),
      ),
    );
    if (task.status.message) out.push(renderMessageBody(task.status.message));
    for (const artifact of task.artifacts ?? []) out.push(renderArtifact(artifact));
  }
  for (const message of messages) out.push(renderMessageBody(message));
  if (!task && messages.length === 0)
    out.push(h("p", { class: "muted" }, "Waiting for the agent…"));
  return out;
}

function renderMessageBody(message: Message): HTMLElement {
  const el = renderMessage(message);
  el.querySelector(".who")?.remove();
  el.classList.add("status-message");
  return el;
}
