import type { A2AClient } from "@a2akit/client";
import { isTerminal, UnsupportedOperationError } from "@a2akit/types";
import { byId, fill, h } from "./dom.js";
import { formatTime } from "./format.js";
import { describeError, renderArtifact, renderMessage, stateBadge } from "./message-view.js";
import { renderParts } from "./parts-view.js";
import type { TaskTracker } from "./tracker.js";

/** One task in detail: status timeline, artifacts, history, with Cancel and Subscribe. */
export class TaskView {
  private readonly root = byId("task-view");
  private readonly note = byId("task-note");
  private readonly meta = byId("task-meta");
  private readonly timeline = byId("task-timeline");
  private readonly artifacts = byId("task-artifacts");
  private readonly history = byId("task-history");
  private readonly cancel = byId<HTMLButtonElement>("task-cancel");
  private readonly subscribe = byId<HTMLButtonElement>("task-subscribe");
  private client: A2AClient | undefined;
  private taskId: string | undefined;
  private subscription: AbortController | undefined;

  constructor(
    private readonly tracker: TaskTracker,
    private readonly onShown: (taskId: string | undefined) => void,
    private readonly tasksChanged: () => void,
  ) {
    tracker.onChange((id) => {
      if (id === this.taskId) this.draw();
    });
    this.cancel.addEventListener("click", () => void this.cancelTask());
    this.subscribe.addEventListener("click", () => {
      if (this.subscription) this.subscription.abort();
      else void this.follow();
    });
    byId("task-refresh").addEventListener("click", () => void this.reload());
    byId("task-close").addEventListener("click", () => this.show(undefined));
  }

  /** Switches to another agent: whatever was shown belonged to the previous one. */
  reset(client: A2AClient | undefined): void {
    this.client = client;
    this.show(undefined);
  }

  /** Shows a task (or hides the view with `undefined`) and reads its latest state. */
  show(taskId: string | undefined): void {
    if (taskId !== undefined && taskId === this.taskId) {
      // Already shown (and maybe followed): just read the latest state.
      void this.reload();
      return;
    }
    this.subscription?.abort();
    this.subscription = undefined;
    this.taskId = taskId;
    this.note.textContent = "";
    this.root.hidden = taskId === undefined;
    this.onShown(taskId);
    if (taskId === undefined) return;
    this.draw();
    void this.reload();
    this.root.scrollIntoView({ block: "nearest" });
  }

  private async reload(): Promise<void> {
    const { client, taskId } = this;
    if (!client || !taskId) return;
    try {
      const task = await client.getTask(taskId);
      if (taskId === this.taskId) this.tracker.applyTask(task);
    } catch (error) {
      if (taskId === this.taskId) this.note.textContent = describeError(error);
    }
  }

  private async cancelTask(): Promise<void> {
    const { client, taskId } = this;
    if (!client || !taskId) return;
    this.cancel.disabled = true;
    this.note.textContent = "Asking the agent to cancel…";
    try {
      const task = await client.cancelTask(taskId);
      this.tracker.applyTask(task);
      if (taskId === this.taskId) this.note.textContent = "Canceled.";
      this.tasksChanged();
    } catch (error) {
      if (taskId === this.taskId) this.note.textContent = describeError(error);
      this.draw();
    }
  }

  /** Follows the task live with SubscribeToTask until it ends or the user stops. */
  private async follow(): Promise<void> {
    const { client, taskId } = this;
    if (!client || !taskId) return;
    const subscription = new AbortController();
    this.subscription = subscription;
    this.draw();
    this.note.textContent = "Following the task…";
    try {
      for await (const event of client.subscribeToTask(taskId, { signal: subscription.signal })) {
        this.tracker.applyEvent(event);
      }
      if (this.subscription === subscription) this.note.textContent = "The subscription ended.";
      this.tasksChanged();
      // Stream events carry statuses and artifacts, not the history: read the task once more.
      if (taskId === this.taskId) void this.reload();
    } catch (error) {
      if (this.subscription !== subscription) return;
      this.note.textContent = subscription.signal.aborted
        ? "Stopped following the task."
        : error instanceof UnsupportedOperationError
          ? `The agent will not stream this task: ${error.message}`
          : describeError(error);
    } finally {
      if (this.subscription === subscription) {
        this.subscription = undefined;
        this.draw();
      }
    }
  }

  private draw(): void {
    const taskId = this.taskId;
    const entry = taskId ? this.tracker.get(taskId) : undefined;
    const task = entry?.task;
    const following = this.subscription !== undefined;
    const terminal = task ? isTerminal(task.status.state) : false;
    this.cancel.disabled = !task || terminal;
    const canStream = this.client?.card.capabilities.streaming === true;
    this.subscribe.disabled = !task || !canStream || (terminal && !following);
    this.subscribe.title = canStream ? "" : "The agent does not stream";
    this.subscribe.textContent = following ? "Stop following" : "Subscribe";
    this.subscribe.setAttribute("aria-pressed", String(following));
    if (!taskId || !entry || !task) {
      fill(
        this.meta,
        taskId ? h("div", {}, h("dt", {}, "Task"), h("dd", {}, h("code", {}, taskId))) : null,
      );
      fill(this.timeline);
      fill(this.artifacts);
      fill(this.history, h("p", { class: "muted" }, "Loading…"));
      return;
    }
    fill(
      this.meta,
      h("div", {}, h("dt", {}, "Task"), h("dd", {}, h("code", { id: "task-id" }, task.id))),
      h("div", {}, h("dt", {}, "Context"), h("dd", {}, h("code", {}, task.contextId ?? "—"))),
      h(
        "div",
        {},
        h("dt", {}, "State"),
        h("dd", { id: "task-state" }, stateBadge(task.status.state)),
      ),
    );
    fill(
      this.timeline,
      entry.timeline.map((status) =>
        h(
          "li",
          {},
          h("span", { class: "muted time" }, formatTime(status.timestamp)),
          " ",
          stateBadge(status.state),
          status.message ? renderParts(status.message.parts) : null,
        ),
      ),
    );
    const artifacts = task.artifacts ?? [];
    fill(
      this.artifacts,
      artifacts.length ? artifacts.map(renderArtifact) : h("p", { class: "muted" }, "None yet."),
    );
    const history = task.history ?? [];
    fill(
      this.history,
      history.length ? history.map(renderMessage) : h("p", { class: "muted" }, "No messages."),
    );
  }
}
