import { describe, expect, it } from "vitest";
import {
  formatJson,
  safeLinkUrl,
  shortId,
  stateLabel,
  stateTone,
  viewPart,
  viewParts,
} from "../src/browser/format.js";

// One transparent pixel: a real PNG, base64.
const PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

describe("safeLinkUrl", () => {
  it("links http(s) and inline raster images only", () => {
    expect(safeLinkUrl("https://example.com/a b.pdf")).toBe("https://example.com/a%20b.pdf");
    expect(safeLinkUrl("http://127.0.0.1:4000/x")).toBe("http://127.0.0.1:4000/x");
    expect(safeLinkUrl(`data:image/png;base64,${PNG}`)).toBe(`data:image/png;base64,${PNG}`);
  });

  it("refuses schemes that could run script or imitate the console", () => {
    for (const url of [
      "javascript:alert(1)",
      " JavaScript:alert(1)",
      "vbscript:msgbox(1)",
      "data:text/html,<script>alert(1)</script>",
      "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
      "data:image/svg+xml;base64,PHN2Zy8+",
      "data:image/png,<svg onload=alert(1)>",
      "blob:https://example.com/1234",
      "file:///etc/passwd",
      "/relative/path",
      "not a url",
      "",
    ]) {
      expect(safeLinkUrl(url), url).toBeUndefined();
    }
  });
});

describe("viewPart", () => {
  it("keeps text as text, whatever it contains", () => {
    const hostile = `<img src=x onerror="alert(1)"><script>alert(2)</script>`;
    expect(viewPart({ text: hostile })).toEqual({ kind: "text", text: hostile });
  });

  it("formats data parts as indented JSON", () => {
    expect(viewPart({ data: { value: 5, units: ["km", "mi"], note: "<b>x</b>" } })).toEqual({
      kind: "data",
      json: '{\n  "value": 5,\n  "units": [\n    "km",\n    "mi"\n  ],\n  "note": "<b>x</b>"\n}',
    });
    expect(viewPart({ data: null })).toEqual({ kind: "data", json: "null" });
    expect(formatJson("plain")).toBe('"plain"');
  });

  it("previews an inline raster image and links it for download", () => {
    expect(viewPart({ raw: PNG, mediaType: "image/png", filename: "dot.png" })).toEqual({
      kind: "file",
      href: `data:image/png;base64,${PNG}`,
      preview: `data:image/png;base64,${PNG}`,
      filename: "dot.png",
      mediaType: "image/png",
    });
  });

  it("offers other inline bytes as opaque downloads, never as a document", () => {
    const html = btoa("<script>alert(1)</script>");
    for (const mediaType of ["text/html", "image/svg+xml", "text/csv", undefined]) {
      const view = viewPart({ raw: html, ...(mediaType ? { mediaType } : {}), filename: "f" });
      expect(view).toEqual({
        kind: "file",
        href: `data:application/octet-stream;base64,${html}`,
        filename: "f",
        mediaType: mediaType ?? "application/octet-stream",
      });
    }
  });

  it("does not link bytes that are not base64", () => {
    expect(viewPart({ raw: '"><script>', mediaType: "image/png" })).toEqual({
      kind: "file",
      filename: "download",
      mediaType: "image/png",
    });
  });

  it("links http(s) files, names them from the path and previews images", () => {
    expect(
      viewPart({ url: "https://files.example/r/report%201.csv", mediaType: "text/csv" }),
    ).toEqual({
      kind: "file",
      href: "https://files.example/r/report%201.csv",
      url: "https://files.example/r/report%201.csv",
      filename: "report 1.csv",
      mediaType: "text/csv",
    });
    expect(
      viewPart({ url: "https://img.example/cat.webp", mediaType: "image/webp" }),
    ).toMatchObject({
      href: "https://img.example/cat.webp",
      preview: "https://img.example/cat.webp",
    });
    // SVG can carry script: linked (it opens apart from the console) but never previewed inline.
    expect(
      viewPart({ url: "https://img.example/a.svg", mediaType: "image/svg+xml" }),
    ).not.toHaveProperty("preview");
  });

  it("shows a data: image URL from the agent, typed from the URL itself", () => {
    const url = `data:image/png;base64,${PNG}`;
    expect(viewPart({ url })).toEqual({
      kind: "file",
      href: url,
      preview: url,
      url,
      filename: "image",
      mediaType: "image/png",
    });
  });

  it("leaves a dangerous URL unlinked but visible as text", () => {
    for (const url of ["javascript:alert(document.domain)", "data:text/html,<h1>hi</h1>"]) {
      const view = viewPart({ url, mediaType: "image/png", filename: "x.png" });
      expect(view).toEqual({ kind: "file", url, filename: "x.png", mediaType: "image/png" });
    }
  });
});

describe("viewParts", () => {
  it("joins streamed text chunks when asked, and only consecutive text", () => {
    const parts = [{ text: "You said" }, { text: ": hi" }, { data: { n: 1 } }, { text: "bye" }];
    expect(viewParts(parts, true)).toEqual([
      { kind: "text", text: "You said: hi" },
      { kind: "data", json: '{\n  "n": 1\n}' },
      { kind: "text", text: "bye" },
    ]);
    expect(viewParts(parts)).toHaveLength(4);
  });
});

describe("labels", () => {
  it("names states for people and groups them by tone", () => {
    expect(stateLabel("TASK_STATE_INPUT_REQUIRED")).toBe("input required");
    expect(stateTone("TASK_STATE_COMPLETED")).toBe("ok");
    expect(stateTone("TASK_STATE_CANCELED")).toBe("bad");
    expect(stateTone("TASK_STATE_AUTH_REQUIRED")).toBe("wait");
    expect(stateTone("TASK_STATE_WORKING")).toBe("busy");
    expect(shortId("0123456789abcdef")).toBe("01234567…");
    expect(shortId("abc")).toBe("abc");
  });
});
