import { parseArgs } from "node:util";
import { UsageError } from "./exit.js";

const OPTIONS = {
  // connection and output, for every command
  header: { type: "string", short: "H", multiple: true },
  bearer: { type: "string" },
  "api-key": { type: "string" },
  tenant: { type: "string" },
  binding: { type: "string" },
  timeout: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
  // card
  extended: { type: "boolean" },
  // send / chat
  stream: { type: "boolean" },
  "no-wait": { type: "boolean" },
  push: { type: "string" },
  file: { type: "string", multiple: true },
  data: { type: "string", multiple: true },
  metadata: { type: "string" },
  context: { type: "string" },
  task: { type: "string" },
  save: { type: "string" },
  // tasks
  state: { type: "string" },
  "page-size": { type: "string" },
  "page-token": { type: "string" },
  history: { type: "string" },
  // push
  token: { type: "string" },
  id: { type: "string" },
} as const;

/** The parsed command line. */
export interface ParsedArgs {
  positionals: string[];
  header: string[];
  bearer?: string;
  apiKey?: string;
  tenant?: string;
  binding?: string;
  timeout?: number;
  json: boolean;
  help: boolean;
  version: boolean;
  extended: boolean;
  stream: boolean;
  noWait: boolean;
  push?: string;
  file: string[];
  data: string[];
  metadata?: string;
  context?: string;
  task?: string;
  save?: string;
  state?: string;
  pageSize?: number;
  pageToken?: string;
  history?: number;
  token?: string;
  id?: string;
}

/** Parses argv (without `node` and the script); unknown flags are usage errors. */
export function parseCommandLine(argv: readonly string[]): ParsedArgs {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values;
  const out: ParsedArgs = {
    positionals: parsed.positionals,
    header: v.header ?? [],
    json: v.json ?? false,
    help: v.help ?? false,
    version: v.version ?? false,
    extended: v.extended ?? false,
    stream: v.stream ?? false,
    noWait: v["no-wait"] ?? false,
    file: v.file ?? [],
    data: v.data ?? [],
  };
  const strings = {
    bearer: v.bearer,
    apiKey: v["api-key"],
    tenant: v.tenant,
    metadata: v.metadata,
    context: v.context,
    task: v.task,
    save: v.save,
    state: v.state,
    pageToken: v["page-token"],
    token: v.token,
    push: v.push,
    id: v.id,
  };
  for (const [key, value] of Object.entries(strings)) {
    if (value !== undefined) (out as unknown as Record<string, unknown>)[key] = value;
  }
  if (v.binding !== undefined) out.binding = bindingName(v.binding);
  if (v.timeout !== undefined) out.timeout = positiveInt(v.timeout, "--timeout");
  if (v["page-size"] !== undefined) out.pageSize = positiveInt(v["page-size"], "--page-size");
  if (v.history !== undefined) out.history = positiveInt(v.history, "--history", true);
  return out;
}

/** The bindings `--binding` may prefer; a typo would otherwise fall back to another silently. */
const BINDINGS = ["JSONRPC", "HTTP+JSON"];

function bindingName(value: string): string {
  const name = value.toUpperCase();
  if (!BINDINGS.includes(name)) {
    throw new UsageError(`--binding must be ${BINDINGS.join(" or ")}, got "${value}"`);
  }
  return name;
}

function positiveInt(value: string, flag: string, zeroOk = false): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || (!zeroOk && n === 0)) {
    throw new UsageError(
      `${flag} needs a ${zeroOk ? "non-negative" : "positive"} integer, got "${value}"`,
    );
  }
  return n;
}

/** Parses a `--data`/`--metadata` value as JSON, naming the flag when it is not. */
export function jsonFlag(value: string, flag: string): unknown {
  try {
    return JSON.parse(value);
  } catch (error) {
    throw new UsageError(`${flag} is not valid JSON: ${(error as Error).message}`);
  }
}
