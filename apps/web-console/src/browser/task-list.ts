import type { A2AClient } from "@a2akit/client";
import { TASK_STATES, type TaskState, textOf } from "@a2akit/types";
import { byId, fill, h } from "./dom.js";
import { formatTime, shortId, stateLabel } from "./format.js";
import { describeError, stateBadge } from "./message-view.js";

/**
 * The task list: ListTasks with the state and context filters, one page at a time. ListTasks
 * only hands out tokens for the next page, so the tokens of the pages already seen are kept to
 * go back.
 */
export class TaskList {
  private readonly list = byId("task-list");
  private readonly status = byId("tasks-status");
  private readonly stateFilter = byId<HTMLSelectElement>("filter-state");
  private readonly contextFilter = byId<HTMLInputElement>("filter-context");
  private readonly pageSize = byId<HTMLSelectElement>("page-size");
  private readonly prev = byId<HTMLButtonElement>("prev-page");
  private readonly next = byId<HTMLButtonElement>("next-page");
  private readonly pageInfo = byId("page-info");
  private client: A2AClient | undefined;
  /** Token of each page seen so far; page 0 has none. */
  private tokens: string[] = [""];
  private page = 0;
  private nextToken = "";
  private selected: string | undefined;
  /** Only the latest load may draw: an older, slower answer must not overwrite it. */
  private generation = 0;

  constructor(
    private readonly openTask: (taskId: string) => void,
    currentContext: () => string | undefined,
  ) {
    for (const state of TASK_STATES) {
      if (state === "TASK_STATE_UNSPECIFIED") continue;
      this.stateFilter.append(h("option", { value: state }, stateLabel(state)));
    }
    const restart = () => void this.load(0, true);
    this.stateFilter.addEventListener("change", restart);
    this.pageSize.addEventListener("change", restart);
    this.contextFilter.addEventListener("change", restart);
    byId("task-filters").addEventListener("submit", (event) => {
      event.preventDefault();
      restart();
    });
    byId("filter-this-context").addEventListener("click", () => {
      this.contextFilter.value = currentContext() ?? "";
      restart();
    });
    byId("tasks-refresh").addEventListener("click", () => void this.load(this.page));
    this.prev.addEventListener("click", () => void this.load(this.page - 1));
    this.next.addEventListener("click", () => {
      if (this.nextToken) {
        this.tokens[this.page + 1] = this.nextToken;
        void this.load(this.page + 1);
      }
    });
  }

  /** Shows the tasks of another agent (or none). */
  reset(client: A2AClient | undefined): void {
    this.client = client;
    this.selected = undefined;
    // Context ids belong to one agent; the state filter and page size still make sense.
    this.contextFilter.value = "";
    void this.load(0, true);
  }

  /** Marks the task shown in the task view. */
  select(taskId: string | undefined): void {
    this.selected = taskId;
    for (const row of this.list.querySelectorAll<HTMLElement>("[data-task-id]")) {
      row.setAttribute("aria-current", String(row.dataset.taskId === taskId));
    }
  }

  /** Reloads the page on screen (e.g. after a chat turn). */
  refresh(): void {
    void this.load(this.page);
  }

  private async load(page: number, restart = false): Promise<void> {
    const generation = ++this.generation;
    if (restart) this.tokens = [""];
    const client = this.client;
    if (!client) {
      this.list.replaceChildren();
      this.status.textContent = "";
      this.showPager(0, "", undefined);
      return;
    }
    this.status.textContent = "Loading…";
    try {
      const status = this.stateFilter.value as TaskState | "";
      const contextId = this.contextFilter.value.trim();
      const result = await client.listTasks({
        pageSize: Number(this.pageSize.value),
        ...(this.tokens[page] ? { pageToken: this.tokens[page] } : {}),
        ...(status ? { status } : {}),
        ...(contextId ? { contextId } : {}),
      });
      if (generation !== this.generation) return;
      this.page = page;
      this.status.textContent = result.tasks.length === 0 ? "No tasks." : "";
      fill(
        this.list,
        result.tasks.map((task) =>
          h(
            "li",
            {},
            h(
              "button",
              {
                type: "button",
                class: "task-row",
                "data-task-id": task.id,
                "aria-current": String(task.id === this.selected),
                onclick: () => this.openTask(task.id),
              },
              stateBadge(task.status.state),
              h("code", { class: "task-id", title: task.id }, shortId(task.id)),
              h("span", { class: "muted time" }, formatTime(task.status.timestamp)),
              h(
                "span",
                { class: "snippet" },
                task.status.message ? textOf(task.status.message, " ").slice(0, 80) : "",
              ),
            ),
          ),
        ),
      );
      this.showPager(page, result.nextPageToken, result.totalSize);
    } catch (error) {
      if (generation !== this.generation) return;
      this.list.replaceChildren();
      this.status.textContent = `Could not list tasks. ${describeError(error)}`;
      this.showPager(0, "", undefined);
    }
  }

  private showPager(page: number, nextToken: string, total: number | undefined): void {
    this.nextToken = nextToken;
    this.prev.disabled = page === 0;
    this.next.disabled = !nextToken;
    // totalSize is optional in ListTasks: without it, the page number alone.
    this.pageInfo.textContent =
      total === undefined
        ? `Page ${page + 1}`
        : `Page ${page + 1} · ${total} task${total === 1 ? "" : "s"}`;
  }
}
