import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  AgentCard,
  agentCardFromV03,
  parse,
  requestFromV03,
  StreamResponse,
  streamResponseFromV03,
  Task,
  taskFromV03,
  V03AgentCard,
  V03StreamResult,
  V03Task,
} from "../src/index.js";

const SPEC = fileURLToPath(new URL("./fixtures/v03/specification.md", import.meta.url));

/** Removes `//` comments outside strings and trailing commas: the examples are JSON with notes. */
function relaxedJson(text: string): unknown {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === "\\") out += text[++i];
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      out += "\n";
    } else out += c;
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, "$1"));
}

interface Example {
  index: number;
  line: number;
  section: string;
  /** One JSON document per example; an SSE transcript holds one per `data:` event. */
  docs: unknown[];
}

function examples(): Example[] {
  const text = readFileSync(SPEC, "utf8");
  const out: Example[] = [];
  const re = /```json\n([\s\S]*?)```/g;
  for (let m = re.exec(text), index = 0; m !== null; m = re.exec(text), index++) {
    const before = text.slice(0, m.index);
    const line = before.split("\n").length;
    const section = [...before.matchAll(/^#+ (.*)$/gm)].at(-1)?.[1] ?? "";
    const body = m[1] ?? "";
    const chunks = /^\s*data:/m.test(body)
      ? body.split(/^\s*data:/m).filter((c) => c.trim() !== "")
      : [body];
    out.push({ index, line, section, docs: chunks.map(relaxedJson) });
  }
  return out;
}

type Doc = Record<string, unknown>;

/** Parses one example as what it is, converts it to v1.0 and validates the result. */
function check(doc: Doc): string {
  const issues = (r: ReturnType<typeof parse>) =>
    r.success ? "" : r.issues.map((i) => `${i.path}: ${i.message}`).join("; ");
  const v1 = (schema: Parameters<typeof parse>[0], value: unknown) => {
    const r = parse(schema, value);
    return r.success ? "ok" : `v1.0 result invalid: ${issues(r)}`;
  };
  if (typeof doc.method === "string") {
    try {
      requestFromV03(doc.method, doc.params);
      return "ok";
    } catch (e) {
      return `invalid: ${(e as Error).message}`;
    }
  }
  if ("result" in doc) {
    const r = parse(V03StreamResult, doc.result);
    if (!r.success) return `invalid: ${issues(r)}`;
    return v1(StreamResponse, streamResponseFromV03(r.data));
  }
  if ("protocolVersion" in doc) {
    const r = parse(V03AgentCard, doc);
    if (!r.success) return `invalid: ${issues(r)}`;
    return v1(AgentCard, agentCardFromV03(r.data));
  }
  // A bare task: the body of a push notification.
  const r = parse(V03Task, doc);
  if (!r.success) return `invalid: ${issues(r)}`;
  return v1(Task, taskFromV03(r.data));
}

// The verdict for every JSON example of the v0.3 specification, in order. The invalid ones are
// mistakes of the examples themselves (each reason is spelled out), not gaps in the schemas.
const EXPECTED: Record<number, string[]> = {
  0: ["ok"], // §5.7 sample Agent Card (protocolVersion 0.2.9)
  1: ["ok"], // agent/getAuthenticatedExtendedCard
  2: ["ok"], // message/send; message without `kind` is accepted
  3: ["ok"], // bare Task result
  4: ["ok"],
  5: ["invalid: role: Invalid option"], // the Message result has no `role`
  6: ["invalid: Invalid params for message/stream: params.message.parts[1].file: exactly one"], // file `data` instead of `bytes`
  7: [
    "invalid: history[0].parts[1].file: exactly one", // same file `data` mistake
    "ok",
    "ok", // trailing comma in the example, tolerated by the reader
    "ok",
    "ok", // naive timestamps are read as UTC
  ],
  8: ["invalid: Invalid params for message/send: params.message.messageId: is required"], // messageId outside the message
  9: ["ok"],
  10: ["ok"],
  11: ["invalid: status.message.messageId: is required"], // status message without messageId
  12: ["ok"],
  13: ["ok"], // Task without `kind`: inferred from `id` + `status`
  14: ["ok"],
  15: [
    "invalid: Invalid params for message/send: params.message.parts[1].file.bytes: must be base64",
  ], // "…AAAA..." placeholder
  16: ["ok"],
  17: ["ok"],
  18: ["ok"],
};

describe("every JSON example of the v0.3 specification", () => {
  const all = examples();

  it("finds all 19 examples, and has a verdict for each", () => {
    expect(all.map((e) => e.index)).toEqual(Object.keys(EXPECTED).map(Number));
  });

  for (const ex of all) {
    const expected = EXPECTED[ex.index] ?? [];
    it(`#${ex.index} (line ${ex.line}, ${ex.section}): ${expected.join(" | ")}`, () => {
      expect(ex.docs).toHaveLength(expected.length);
      ex.docs.forEach((doc, i) => {
        const verdict = check(doc as Doc);
        const want = expected[i] ?? "";
        if (want === "ok") expect(verdict).toBe("ok");
        else expect(verdict.startsWith(want), `${verdict} should start with ${want}`).toBe(true);
      });
    });
  }
});
