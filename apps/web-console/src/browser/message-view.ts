import { A2AClientError } from "@a2akit/client";
import { A2AError, type Artifact, type Message, type TaskState } from "@a2akit/types";
import { h } from "./dom.js";
import { stateLabel, stateTone } from "./format.js";
import { renderParts } from "./parts-view.js";

/** A coloured badge naming a task state; `data-state` carries the wire name for scripts. */
export function stateBadge(state: TaskState): HTMLElement {
  return h("span", { class: `badge ${stateTone(state)}`, "data-state": state }, stateLabel(state));
}

/** One message, labelled with who sent it. */
export function renderMessage(message: Message): HTMLElement {
  const who = message.role === "ROLE_USER" ? "user" : "agent";
  return h(
    "article",
    { class: `message ${who}` },
    h("p", { class: "who" }, who === "user" ? "You" : "Agent"),
    renderParts(message.parts),
  );
}

/** One artifact with its name and description. */
export function renderArtifact(artifact: Artifact): HTMLElement {
  return h(
    "section",
    { class: "artifact", "data-artifact-id": artifact.artifactId },
    h(
      "p",
      { class: "artifact-name" },
      artifact.name ?? "Artifact",
      artifact.description ? h("span", { class: "muted" }, ` — ${artifact.description}`) : null,
    ),
    // Streamed artifacts arrive as appended text chunks: show them as one text.
    renderParts(artifact.parts, true),
  );
}

/** What to tell the user about a failed call. */
export function describeError(error: unknown): string {
  if (error instanceof A2AError) return `The agent answered ${error.code}: ${error.message}`;
  if (error instanceof A2AClientError)
    return `Could not reach the agent (${error.code}): ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}
