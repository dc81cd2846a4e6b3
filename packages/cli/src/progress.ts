import type { CliIo } from "./io.js";

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/**
 * A one-line spinner with the latest status and the elapsed time, drawn only on a terminal.
 * Output goes through {@link Progress.print}, which clears the line first so nothing overlaps.
 */
export class Progress {
  private timer: ReturnType<typeof setInterval> | undefined;
  private label = "";
  private frame = 0;
  private shown = false;
  private readonly started = Date.now();

  constructor(private readonly io: CliIo) {}

  /** Starts (or relabels) the indicator; a no-op when stdout is not a terminal. */
  update(label: string): void {
    if (!this.io.isTTY) return;
    this.label = label;
    if (!this.timer) {
      this.timer = setInterval(() => this.draw(), 100);
      this.timer.unref?.();
    }
    this.draw();
  }

  /** Writes output above the indicator. */
  print(text: string): void {
    this.clear();
    this.io.out(text);
  }

  /** Removes the indicator for good. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.clear();
  }

  private draw(): void {
    const seconds = Math.floor((Date.now() - this.started) / 1000);
    const frame = FRAMES[this.frame++ % FRAMES.length];
    this.io.out(`\r\x1b[2K${frame} ${this.label} (${seconds}s)`);
    this.shown = true;
  }

  private clear(): void {
    if (!this.shown) return;
    this.io.out("\r\x1b[2K");
    this.shown = false;
  }
}
