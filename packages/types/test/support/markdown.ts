import { readFileSync } from "node:fs";

/** A fenced code block of a Markdown file, with the heading it sits under. */
export interface CodeBlock {
  readonly lang: string;
  readonly heading: string;
  /** 1-based line of the first line of the block's content. */
  readonly line: number;
  readonly text: string;
}

/** Every fenced code block of a Markdown document, in order. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split("\n");
  const blocks: CodeBlock[] = [];
  let heading = "";
  let open: { lang: string; heading: string; line: number; body: string[] } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const fence = /^\s*```(\S*)\s*$/.exec(line);
    if (fence) {
      if (open) {
        blocks.push({
          lang: open.lang,
          heading: open.heading,
          line: open.line,
          text: open.body.join("\n"),
        });
        open = undefined;
      } else {
        open = { lang: fence[1] ?? "", heading, line: i + 2, body: [] };
      }
      continue;
    }
    if (open) open.body.push(line);
    else if (/^#{1,6} /.test(line)) heading = line.replace(/^#+\s*/, "").trim();
  }
  return blocks;
}

/** One JSON payload shown in the specification. */
export interface SpecPayload {
  /** Stable name: the heading, then the payload's number under that heading (`"9.5. Error Handling #2"`). */
  readonly id: string;
  readonly line: number;
  /** Where it came from: a ```json block, an HTTP message body, or an SSE `data:` line. */
  readonly source: "json" | "http-body" | "sse-data";
  readonly text: string;
}

/**
 * Every JSON payload of the specification: each ```json block, the body of each ```http
 * message, and each `data:` line of an event stream shown in ```http or ```text blocks. Request
 * lines and headers without a body carry no JSON and are not payloads.
 */
export function specPayloads(markdown: string): SpecPayload[] {
  const out: SpecPayload[] = [];
  const counts = new Map<string, number>();
  const add = (heading: string, line: number, source: SpecPayload["source"], text: string) => {
    const n = (counts.get(heading) ?? 0) + 1;
    counts.set(heading, n);
    out.push({ id: `${heading} #${n}`, line, source, text });
  };
  for (const block of codeBlocks(markdown)) {
    if (block.lang === "json") {
      add(block.heading, block.line, "json", block.text);
      continue;
    }
    if (block.lang !== "http" && block.lang !== "text") continue;
    const lines = block.text.split("\n");
    const data = lines.flatMap((l, i) => (l.startsWith("data:") ? [i] : []));
    if (data.length > 0) {
      for (const i of data) {
        add(block.heading, block.line + i, "sse-data", (lines[i] ?? "").slice(5).trim());
      }
      continue;
    }
    if (block.lang !== "http") continue;
    const blank = lines.findIndex((l) => l.trim() === "");
    if (blank < 0) continue;
    const body = lines
      .slice(blank + 1)
      .join("\n")
      .trim();
    if (body !== "") add(block.heading, block.line + blank + 1, "http-body", body);
  }
  return out;
}

/** The payloads of `/work/shared/spec/specification.md` (or the file at `path`). */
export function loadSpecPayloads(path: string): SpecPayload[] {
  return specPayloads(readFileSync(path, "utf8"));
}
