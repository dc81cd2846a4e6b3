import type { Part } from "@a2akit/types";
import { h } from "./dom.js";
import { type PartView, viewParts } from "./format.js";

/**
 * Renders the parts of a message or artifact. Every string an agent sends goes into the page as
 * text (through {@link h}); URLs only after {@link viewParts} has vetted them.
 */
export function renderParts(parts: readonly Part[], joinText = false): HTMLElement {
  return h("div", { class: "parts" }, viewParts(parts, joinText).map(renderView));
}

function renderView(view: PartView): HTMLElement {
  switch (view.kind) {
    case "text":
      return h("p", { class: "part part-text" }, view.text);
    case "data":
      return h(
        "pre",
        { class: "part part-data", tabindex: 0, "aria-label": "JSON data" },
        h("code", {}, view.json),
      );
    case "file": {
      const label = `${view.filename} (${view.mediaType})`;
      if (!view.href) {
        return h(
          "p",
          { class: "part part-file refused" },
          `File ${label}, not linked: `,
          h("code", {}, view.url || "its content is not valid base64"),
        );
      }
      // A data: link downloads in place; an http(s) one opens apart from the console.
      const inline = view.href.startsWith("data:");
      return h(
        "figure",
        { class: "part part-file" },
        view.preview &&
          h("img", {
            src: view.preview,
            alt: view.filename,
            loading: "lazy",
            referrerpolicy: "no-referrer",
          }),
        h(
          "figcaption",
          {},
          h(
            "a",
            {
              href: view.href,
              download: view.filename,
              rel: "noopener noreferrer",
              target: inline ? undefined : "_blank",
            },
            `Download ${label}`,
          ),
        ),
      );
    }
  }
}
