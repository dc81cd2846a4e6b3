import type { A2AClient } from "@a2akit/client";
import {
  createMessage,
  dataPart,
  isInterrupted,
  type Message,
  type Part,
  type StreamResponse,
  type Task,
} from "@a2akit/types";
import { jsonFlag, type ParsedArgs } from "../args.js";
import { callOptions, connect } from "../connect.js";
import { EXIT, UsageError } from "../exit.js";
import { filePartFrom, saveFileParts } from "../files.js";
import type { CliIo } from "../io.js";
import { Progress } from "../progress.js";
import { jsonLine, messageText, stateName, taskText } from "../render.js";
import { StreamPrinter } from "../stream-printer.js";

/**
 * `a2a send URL [TEXT]`: one message; waits for the answer, streams it with `--stream`, or
 * returns the task as soon as it exists with `--no-wait`.
 */
export async function sendCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const [url, ...words] = args.positionals;
  const parts = await messageParts(words.join(" "), args);
  if (parts.length === 0) throw new UsageError("send needs TEXT, --file or --data");
  const message = buildMessage(parts, args);
  if (args.stream && args.noWait) throw new UsageError("--stream and --no-wait exclude each other");
  const client = await connect(url as string, args, io.signal);
  const options = {
    ...callOptions(args, io.signal),
    ...(args.task ? { taskId: args.task } : {}),
    ...(args.context ? { contextId: args.context } : {}),
    // A webhook registered with the message itself sees the task from its first update on.
    ...(args.push
      ? {
          pushNotificationConfig: {
            url: args.push,
            ...(args.token ? { token: args.token } : {}),
            ...(args.id ? { id: args.id } : {}),
          },
        }
      : {}),
  };
  if (args.stream) {
    return streamTo(client.sendStreamingMessage(message, options), args, io, {
      untilInterrupted: url as string,
    });
  }
  const progress = new Progress(io);
  progress.update("waiting for the agent");
  let res: Awaited<ReturnType<A2AClient["sendMessage"]>>;
  try {
    res = await client.sendMessage(message, {
      ...options,
      ...(args.noWait ? { returnImmediately: true } : {}),
    });
  } finally {
    progress.stop();
  }
  if (args.json) {
    io.out(jsonLine(res));
    if (args.save && res.task) await saveTaskFiles(res.task, args.save);
  } else if (res.task) {
    const saved = args.save ? await saveTaskFiles(res.task, args.save) : new Map();
    io.out(`${taskText(res.task, saved)}\n`);
    answerHint(res.task, url as string, io);
  } else {
    io.out(`agent: ${messageText(res.message as Message)}\n`);
  }
  return res.task ? exitFor(res.task) : EXIT.OK;
}

/**
 * Prints a stream of events and returns the exit code for how its task ended. With
 * `untilInterrupted` (the agent's URL) it stops once the task waits for input or credentials,
 * and says how to answer: an agent may keep the stream open through AUTH_REQUIRED, but the
 * answer has to come in a new message.
 */
export async function streamTo(
  events: AsyncIterable<StreamResponse>,
  args: ParsedArgs,
  io: CliIo,
  options: { untilInterrupted?: string } = {},
): Promise<number> {
  const printer = new StreamPrinter(io, args.json, args.save);
  try {
    for await (const event of events) {
      await printer.event(event);
      const state = printer.task?.status.state;
      if (options.untilInterrupted && state && isInterrupted(state)) break;
    }
  } finally {
    printer.end();
  }
  if (options.untilInterrupted && !args.json && printer.task) {
    answerHint(printer.task, options.untilInterrupted, io);
  }
  return printer.task ? exitFor(printer.task) : EXIT.OK;
}

/** For a task waiting on the user, says on stderr how to answer it. */
function answerHint(task: Task, url: string, io: CliIo): void {
  if (!isInterrupted(task.status.state)) return;
  io.err(`(${stateName(task.status.state)}: answer with  a2a send ${url} --task ${task.id} ...)\n`);
}

/** The parts of a message from the command line: the text, then files, then data. */
export async function messageParts(
  text: string,
  args: Pick<ParsedArgs, "file" | "data">,
): Promise<Part[]> {
  const parts: Part[] = [];
  if (text.trim()) parts.push({ text });
  for (const f of args.file) parts.push(await filePartFrom(f));
  for (const d of args.data) parts.push(dataPart(jsonFlag(d, "--data")));
  return parts;
}

function buildMessage(parts: Part[], args: ParsedArgs): Message {
  const metadata = args.metadata === undefined ? undefined : jsonFlag(args.metadata, "--metadata");
  if (
    metadata !== undefined &&
    (typeof metadata !== "object" || metadata === null || Array.isArray(metadata))
  ) {
    throw new UsageError("--metadata must be a JSON object");
  }
  return createMessage({
    parts,
    ...(metadata ? { metadata: metadata as Record<string, unknown> } : {}),
  });
}

async function saveTaskFiles(task: Task, dir: string): Promise<Map<Part, string>> {
  return saveFileParts(
    (task.artifacts ?? []).flatMap((a) => a.parts),
    dir,
  );
}

/** 4 for a task that ended FAILED, REJECTED or CANCELED; 0 otherwise. */
export function exitFor(task: Task): number {
  const s = task.status.state;
  return s === "TASK_STATE_FAILED" || s === "TASK_STATE_REJECTED" || s === "TASK_STATE_CANCELED"
    ? EXIT.TASK_UNSUCCESSFUL
    : EXIT.OK;
}
