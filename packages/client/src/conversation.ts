import { isTerminal, type Message, type StreamResponse, type Task } from "@a2akit/types";
import type { A2AClient, MessageInput, SendOptions } from "./client.js";
import { applyEvent } from "./task-view.js";

/** Options for {@link A2AClient.conversation}. */
export interface ConversationOptions {
  /** Continue an existing context. */
  contextId?: string;
  /** Continue an existing (interrupted) task. */
  taskId?: string;
}

/**
 * A multi-turn exchange with one agent. Each turn sends the contextId and, while the task is open
 * (e.g. INPUT_REQUIRED), its taskId; once a task is terminal the next turn starts a new task in
 * the same context, as the protocol requires.
 */
export class Conversation {
  /** The context every turn belongs to, once the agent has named it. */
  contextId: string | undefined;
  /** The open task the next turn continues, if any. */
  taskId: string | undefined;
  /** The latest task seen. */
  task: Task | undefined;
  /** The latest direct message reply, when the agent answered without a task. */
  lastMessage: Message | undefined;

  constructor(
    private readonly client: A2AClient,
    options: ConversationOptions = {},
  ) {
    this.contextId = options.contextId;
    this.taskId = options.taskId;
  }

  /** Sends one turn and waits for the agent's answer; returns the task or message. */
  async send(input: MessageInput, options: SendOptions = {}): Promise<Task | Message> {
    const res = await this.client.sendMessage(input, this.turn(options));
    if (res.task) {
      this.track(res.task);
      return res.task;
    }
    const message = res.message as Message;
    this.lastMessage = message;
    this.contextId = message.contextId ?? this.contextId;
    return message;
  }

  /** Sends one turn and streams the answer, tracking ids as events arrive. */
  async *stream(input: MessageInput, options: SendOptions = {}): AsyncGenerator<StreamResponse> {
    for await (const event of this.client.sendStreamingMessage(input, this.turn(options))) {
      if (event.task) this.track(event.task);
      else if (event.statusUpdate || event.artifactUpdate) {
        const u = (event.statusUpdate ?? event.artifactUpdate) as {
          taskId: string;
          contextId: string;
        };
        // Fold the update into the task as the stream describes it, artifacts included.
        const base = this.task?.id === u.taskId ? this.task : undefined;
        const task = applyEvent(base, event) as Task;
        this.task = task;
        this.contextId = u.contextId || this.contextId;
        this.taskId = isTerminal(task.status.state) ? undefined : task.id;
      } else if (event.message) {
        this.lastMessage = event.message;
        this.contextId = event.message.contextId ?? this.contextId;
      }
      yield event;
    }
  }

  private turn(options: SendOptions): SendOptions {
    return {
      ...(this.contextId ? { contextId: this.contextId } : {}),
      ...(this.taskId ? { taskId: this.taskId } : {}),
      ...options,
    };
  }

  private track(task: Task): void {
    this.task = task;
    this.contextId = task.contextId || this.contextId;
    this.taskId = isTerminal(task.status.state) ? undefined : task.id;
  }
}
