import { TASK_STATES, type TaskState } from "@a2akit/types";
import type { ParsedArgs } from "../args.js";
import { callOptions, connect } from "../connect.js";
import { EXIT, UsageError } from "../exit.js";
import type { CliIo } from "../io.js";
import { jsonLine, stateName, taskText } from "../render.js";
import { exitFor, streamTo } from "./send.js";

/** `a2a tasks list|get|cancel|subscribe URL ...`. */
export async function tasksCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const [action, url, id] = args.positionals;
  const needId = () => {
    if (!id) throw new UsageError(`tasks ${action} needs URL and TASK_ID`);
    return id;
  };
  if (!["list", "get", "cancel", "subscribe"].includes(action ?? "")) {
    throw new UsageError("tasks needs one of: list, get, cancel, subscribe");
  }
  if (!url) throw new UsageError(`tasks ${action} needs URL`);
  const call = callOptions(args, io.signal);
  if (action === "subscribe") {
    const taskId = needId();
    const client = await connect(url, args, io.signal);
    return streamTo(client.subscribeToTask(taskId, call), args, io);
  }
  if (action === "get") {
    const taskId = needId();
    const client = await connect(url, args, io.signal);
    const task = await client.getTask(taskId, {
      ...call,
      ...(args.history !== undefined ? { historyLength: args.history } : {}),
    });
    io.out(args.json ? jsonLine(task) : `${taskText(task)}\n`);
    return EXIT.OK;
  }
  if (action === "cancel") {
    const taskId = needId();
    const client = await connect(url, args, io.signal);
    const task = await client.cancelTask(taskId, call);
    io.out(args.json ? jsonLine(task) : `${taskText(task)}\n`);
    return task.status.state === "TASK_STATE_CANCELED" ? EXIT.OK : exitFor(task);
  }
  const client = await connect(url, args, io.signal);
  const state = args.state ? taskState(args.state) : undefined;
  const page = await client.listTasks(
    {
      ...(args.context ? { contextId: args.context } : {}),
      ...(state ? { status: state } : {}),
      ...(args.pageSize ? { pageSize: args.pageSize } : {}),
      ...(args.pageToken ? { pageToken: args.pageToken } : {}),
    },
    call,
  );
  if (args.json) {
    io.out(jsonLine(page));
    return EXIT.OK;
  }
  for (const t of page.tasks) {
    io.out(
      `${t.id}  ${stateName(t.status.state).padEnd(14)}  ${t.status.timestamp ?? ""}  context ${t.contextId}\n`,
    );
  }
  io.out(`${page.tasks.length} of ${page.totalSize} task(s)`);
  io.out(page.nextPageToken ? `; next page: --page-token ${page.nextPageToken}\n` : "\n");
  return EXIT.OK;
}

/** `completed` or `TASK_STATE_COMPLETED` → the state; anything else is a usage error. */
function taskState(value: string): TaskState {
  const full = value.startsWith("TASK_STATE_")
    ? value
    : `TASK_STATE_${value.toUpperCase().replace(/-/g, "_")}`;
  if (!(TASK_STATES as readonly string[]).includes(full) || full === "TASK_STATE_UNSPECIFIED") {
    throw new UsageError(
      `--state must be a task state such as completed or input-required, got "${value}"`,
    );
  }
  return full as TaskState;
}
