import type { ParsedArgs } from "../args.js";
import { callOptions, connect } from "../connect.js";
import { EXIT, UsageError } from "../exit.js";
import type { CliIo } from "../io.js";
import { jsonLine } from "../render.js";

/** `a2a push create|list|get|delete URL TASK_ID ...`: a task's webhook registrations. */
export async function pushCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const [action, url, taskId, arg] = args.positionals;
  if (!["create", "list", "get", "delete"].includes(action ?? "")) {
    throw new UsageError("push needs one of: create, list, get, delete");
  }
  if (!url || !taskId) throw new UsageError(`push ${action} needs URL and TASK_ID`);
  if (action !== "list" && !arg) {
    throw new UsageError(
      action === "create"
        ? "push create needs URL TASK_ID WEBHOOK_URL"
        : `push ${action} needs URL TASK_ID CONFIG_ID`,
    );
  }
  const client = await connect(url, args, io.signal);
  const call = callOptions(args, io.signal);
  const show = (c: { id?: string; url: string; token?: string }) =>
    io.out(
      args.json ? jsonLine(c) : `${c.id ?? "(no id)"}  ${c.url}${c.token ? "  (token set)" : ""}\n`,
    );
  if (action === "create") {
    const config = await client.createTaskPushNotificationConfig(
      {
        taskId,
        url: arg as string,
        ...(args.token ? { token: args.token } : {}),
        ...(args.id ? { id: args.id } : {}),
      },
      call,
    );
    show(config);
  } else if (action === "get") {
    show(await client.getTaskPushNotificationConfig(taskId, arg as string, call));
  } else if (action === "delete") {
    await client.deleteTaskPushNotificationConfig(taskId, arg as string, call);
    io.out(args.json ? jsonLine({ deleted: arg }) : `deleted ${arg}\n`);
  } else {
    const page = await client.listTaskPushNotificationConfigs(taskId, {
      ...call,
      ...(args.pageSize ? { pageSize: args.pageSize } : {}),
      ...(args.pageToken ? { pageToken: args.pageToken } : {}),
    });
    if (args.json) io.out(jsonLine(page));
    else for (const c of page.configs ?? []) show(c);
  }
  return EXIT.OK;
}
