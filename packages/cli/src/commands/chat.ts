import { createInterface } from "node:readline";
import { dataPart, isInterrupted, isTerminal, type Part } from "@a2akit/types";
import { jsonFlag, type ParsedArgs } from "../args.js";
import { callOptions, connect } from "../connect.js";
import { classify, EXIT, UsageError } from "../exit.js";
import { filePartFrom } from "../files.js";
import type { CliIo } from "../io.js";
import { jsonLine, stateName, taskText } from "../render.js";
import { StreamPrinter } from "../stream-printer.js";

const HELP =
  "Type a message and press Enter. `:data {json}` sends a data part, `:file PATH` a file, " +
  "`:new` starts a new conversation, `:quit` (or Ctrl-D) ends.";

/**
 * `a2a chat URL`: a multi-turn conversation over stdin/stdout. Each line is a turn; while the
 * agent waits for input (or credentials) the next line continues the same task.
 */
export async function chatCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const [url] = args.positionals;
  const client = await connect(url as string, args, io.signal);
  let chat = client.conversation({
    ...(args.context ? { contextId: args.context } : {}),
    ...(args.task ? { taskId: args.task } : {}),
  });
  const streaming = client.card.capabilities.streaming === true;
  if (!args.json) io.out(`Chatting with ${client.card.name}. ${HELP}\n`);
  const prompt = () => {
    if (io.isTTY && !args.json) io.out("you> ");
  };
  const lines = createInterface({ input: io.stdin, terminal: false });
  // Ctrl-C at the prompt ends the chat, as it does in the middle of a turn.
  const stop = () => lines.close();
  io.signal?.addEventListener("abort", stop, { once: true });
  let exitCode: number = EXIT.OK;
  prompt();
  for await (const raw of lines) {
    const line = raw.trim();
    if (line === ":quit" || line === ":q") break;
    if (line === "") {
      prompt();
      continue;
    }
    if (line === ":new") {
      chat = client.conversation();
      if (!args.json) io.out("(new conversation)\n");
      prompt();
      continue;
    }
    try {
      const parts = await turnParts(line);
      if (streaming) {
        const printer = new StreamPrinter(io, args.json);
        try {
          for await (const event of chat.stream(parts, callOptions(args, io.signal))) {
            await printer.event(event);
            // The stream may stay open through AUTH_REQUIRED; the next line is the answer.
            const state = printer.task?.status.state;
            if (state && isInterrupted(state)) break;
          }
        } finally {
          printer.end();
        }
      } else {
        const answer = await chat.send(parts, callOptions(args, io.signal));
        if (args.json) io.out(jsonLine(answer));
        else if ("status" in answer) io.out(`${taskText(answer)}\n`);
        else
          io.out(
            `agent: ${answer.parts.map((p) => p.text ?? JSON.stringify(p.data)).join("\n")}\n`,
          );
      }
      const state = chat.task?.status.state;
      if (!args.json && chat.taskId && state && !isTerminal(state)) {
        io.out(`(${stateName(state)}: your next line continues task ${chat.taskId})\n`);
      }
    } catch (error) {
      const e = classify(error);
      if (e.exitCode === EXIT.INTERRUPTED) return e.exitCode;
      // One failed turn does not end the conversation; the last error decides the exit code.
      exitCode = e.exitCode;
      io.err(args.json ? jsonLine({ error: e }) : `error: ${e.code}: ${e.message}\n`);
    }
    prompt();
  }
  io.signal?.removeEventListener("abort", stop);
  return io.signal?.aborted ? EXIT.INTERRUPTED : exitCode;
}

async function turnParts(line: string): Promise<Part[]> {
  if (line.startsWith(":data ")) return [dataPart(jsonFlag(line.slice(6), ":data"))];
  if (line.startsWith(":file ")) return [await filePartFrom(line.slice(6).trim())];
  if (line.startsWith(":")) throw new UsageError(`Unknown command ${line.split(" ")[0]}. ${HELP}`);
  return [{ text: line }];
}
