import pkg from "../package.json" with { type: "json" };
import { parseCommandLine } from "./args.js";
import { cardCommand } from "./commands/card.js";
import { chatCommand } from "./commands/chat.js";
import { pushCommand } from "./commands/push.js";
import { sendCommand } from "./commands/send.js";
import { tasksCommand } from "./commands/tasks.js";
import { classify, EXIT, UsageError } from "./exit.js";
import type { CliIo } from "./io.js";
import { jsonLine } from "./render.js";

/** The CLI's version, printed by `a2a --version`. */
export const VERSION: string = pkg.version;

/** The text of `a2a --help`. */
export const HELP = `a2a: talk to any A2A agent (protocol v1.0 or v0.3) from the command line

Usage:
  a2a card URL [--extended]
  a2a send URL TEXT [--stream|--no-wait] [--file PATH|URL]... [--data JSON]... [--context ID] [--task ID]
  a2a chat URL [--context ID] [--task ID]
  a2a tasks list URL [--context ID] [--state STATE] [--page-size N] [--page-token TOKEN]
  a2a tasks get URL TASK_ID [--history N]
  a2a tasks cancel URL TASK_ID
  a2a tasks subscribe URL TASK_ID
  a2a push create URL TASK_ID WEBHOOK_URL [--token TOKEN] [--id ID]
  a2a push list URL TASK_ID
  a2a push get URL TASK_ID CONFIG_ID
  a2a push delete URL TASK_ID CONFIG_ID

URL is the agent's base URL; its card is read from URL/.well-known/agent-card.json.

Options:
  -H, --header "Name: value"  add a header to every request (repeatable)
  --bearer TOKEN              send Authorization: Bearer TOKEN
  --api-key KEY               send an API key where the card says (X-API-Key if it says nothing)
  --tenant TENANT             address this tenant of the agent
  --binding JSONRPC|HTTP+JSON prefer this binding when the agent offers both
  --timeout MS                give up on a call after MS milliseconds
  --json                      machine-readable output: one JSON value per line
  --save DIR                  (send, tasks subscribe) write file artifacts into DIR
  --metadata JSON             (send) message metadata, e.g. '{"skill":"convert"}'
  --push URL [--token TOKEN]  (send) register a webhook for the task with the message
  -h, --help                  show this help
  --version                   show the version

Exit codes: 0 done, 1 the agent answered with an error, 2 bad command line, 3 could not reach
or understand the agent, 4 the task ended failed, rejected or canceled, 130 interrupted.
`;

const COMMANDS = {
  card: cardCommand,
  send: sendCommand,
  chat: chatCommand,
  tasks: tasksCommand,
  push: pushCommand,
} as const;

/**
 * Runs the CLI with `argv` (the arguments after `a2a`) on `io` and resolves with the exit code.
 * It never throws: errors are printed (as JSON on stderr with `--json`) and mapped to a code.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let json = argv.includes("--json");
  try {
    const args = parseCommandLine(argv);
    json = args.json;
    const [name, ...rest] = args.positionals;
    if (args.version) {
      io.out(`${VERSION}\n`);
      return EXIT.OK;
    }
    if (args.help || name === "help") {
      io.out(HELP);
      return EXIT.OK;
    }
    if (name === undefined) {
      io.err(HELP);
      return EXIT.USAGE;
    }
    if (!Object.hasOwn(COMMANDS, name)) {
      throw new UsageError(
        `Unknown command "${name}". Commands: ${Object.keys(COMMANDS).join(", ")}`,
      );
    }
    const needsUrl = name === "tasks" || name === "push" ? rest[1] : rest[0];
    if (needsUrl === undefined) throw new UsageError(`${name} needs the agent's URL`);
    return await COMMANDS[name as keyof typeof COMMANDS]({ ...args, positionals: rest }, io);
  } catch (error) {
    const e = classify(error);
    if (json) io.err(jsonLine({ error: e }));
    else if (e.exitCode === EXIT.USAGE) io.err(`a2a: ${e.message}\nRun "a2a --help" for usage.\n`);
    else if (e.exitCode === EXIT.INTERRUPTED) io.err("a2a: interrupted\n");
    else io.err(`a2a: ${e.code}: ${e.message}\n`);
    return e.exitCode;
  }
}
