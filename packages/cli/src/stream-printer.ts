import { applyEvent } from "@a2akit/client";
import {
  type Artifact,
  isFinalForNow,
  type Part,
  type StreamResponse,
  type Task,
} from "@a2akit/types";
import { saveFileParts } from "./files.js";
import type { CliIo } from "./io.js";
import { Progress } from "./progress.js";
import {
  artifactBlock,
  jsonLine,
  messageText,
  partText,
  stateName,
  taskHeading,
} from "./render.js";

/**
 * Prints a stream as it arrives: `--json` gives one event per line; otherwise state changes
 * and status messages get a line each, text chunks are written as they come, and a spinner
 * shows between events on a terminal.
 */
export class StreamPrinter {
  /** The task as the events so far describe it. */
  task: Task | undefined;
  /** The agent's direct reply, when it answered without a task. */
  replied = false;
  private readonly progress: Progress;
  /** The artifact whose text chunks are being written, so appends continue its line. */
  private openArtifact: string | undefined;
  /** Artifacts already shown, so a task snapshot (a catch-up) prints only what is new. */
  private readonly shown = new Set<string>();
  /** Files this stream saved, by artifact id and name (see `saveFileParts`). */
  private readonly savedFiles = new Map<string, string>();
  private midLine = false;

  constructor(
    private readonly io: CliIo,
    private readonly json: boolean,
    private readonly saveDir?: string,
  ) {
    this.progress = new Progress(io);
  }

  /** Handles one event. */
  async event(event: StreamResponse): Promise<void> {
    this.task = applyEvent(this.task, event);
    if (this.json) {
      this.io.out(jsonLine(event));
      return;
    }
    if (event.message) {
      this.replied = true;
      this.line(`agent: ${messageText(event.message)}`);
    } else if (event.task) {
      await this.snapshot(event.task);
    } else if (event.statusUpdate) {
      const { state, message } = event.statusUpdate.status;
      const text = messageText(message);
      this.line(text ? `[${stateName(state)}] ${text}` : `[${stateName(state)}]`);
    } else if (event.artifactUpdate) {
      await this.artifact(event.artifactUpdate);
    }
    const state = this.task?.status.state;
    if (state && !isFinalForNow(state)) this.progress.update(stateName(state));
    else this.progress.stop();
  }

  /** Ends the output (newline after a chunk, spinner off). */
  end(): void {
    this.progress.stop();
    if (this.midLine) this.io.out("\n");
    this.midLine = false;
  }

  /**
   * A whole task: the first event of a stream, or a catch-up after a reconnect or a slow
   * reader. Its status is printed, and each artifact not shown yet.
   */
  private async snapshot(task: Task): Promise<void> {
    this.line(taskHeading(task));
    const text = messageText(task.status.message);
    if (text) this.line(text);
    for (const artifact of task.artifacts ?? []) {
      if (this.shown.has(artifact.artifactId)) continue;
      this.shown.add(artifact.artifactId);
      const saved = await this.save(artifact);
      this.line(artifactBlock(artifact, saved));
    }
  }

  private async artifact(update: NonNullable<StreamResponse["artifactUpdate"]>): Promise<void> {
    const { artifact } = update;
    this.shown.add(artifact.artifactId);
    const saved = await this.save(artifact);
    const continues = update.append && this.openArtifact === artifact.artifactId;
    if (!continues) this.line(`--- ${artifact.name ?? artifact.artifactId} ---`);
    this.openArtifact = artifact.artifactId;
    for (const part of artifact.parts) {
      if (part.text !== undefined) {
        this.progress.print(part.text);
        this.midLine = !part.text.endsWith("\n") && (this.midLine || part.text.length > 0);
      } else {
        this.line(partText(part, saved.get(part)));
        this.openArtifact = artifact.artifactId;
      }
    }
    if (update.lastChunk) this.openArtifact = undefined;
  }

  /** Saves the artifact's files into `--save`'s directory; a replaced artifact rewrites its own. */
  private save(artifact: Artifact): Promise<Map<Part, string>> {
    if (!this.saveDir) return Promise.resolve(new Map());
    return saveFileParts(artifact.parts, this.saveDir, {
      artifactId: artifact.artifactId,
      files: this.savedFiles,
    });
  }

  private line(text: string): void {
    if (this.midLine) this.progress.print("\n");
    this.midLine = false;
    if (!text.startsWith("---")) this.openArtifact = undefined;
    this.progress.print(`${text}\n`);
  }
}
