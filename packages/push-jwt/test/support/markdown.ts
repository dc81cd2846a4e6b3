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
