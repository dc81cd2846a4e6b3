import type { CancelListener, Logger } from "@a2akit/server-core";
import type { Redis } from "ioredis";

/**
 * Cancel signals over one pub/sub channel per prefix, the task ref in each message: one
 * subscription per process however many tasks run, and a signal reaches the instance running
 * the task wherever CancelTask landed.
 */
export class CancelBus {
  private readonly listeners = new Map<string, Set<CancelListener>>();
  private subscribed: Promise<void> | undefined;

  /** A bus publishing on `publisher` and listening on `subscriber` (which it puts in subscriber mode). */
  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly channel: string,
    private readonly logger: Logger,
  ) {}

  /** Listens for cancel signals of one task; returns the function that stops listening. */
  on(ref: string, listener: CancelListener): () => void {
    this.subscribe();
    let set = this.listeners.get(ref);
    if (!set) {
      set = new Set();
      this.listeners.set(ref, set);
    }
    set.add(listener);
    const own = set;
    return () => {
      own.delete(listener);
      if (own.size === 0 && this.listeners.get(ref) === own) this.listeners.delete(ref);
    };
  }

  /** Publishes a cancel signal to every instance. */
  async signal(ref: string, metadata: Record<string, unknown> | undefined): Promise<void> {
    // A listener added in this process just now must not miss a signal sent right after.
    if (this.subscribed) await this.subscribed;
    await this.publisher.publish(this.channel, JSON.stringify({ r: ref, m: metadata ?? null }));
  }

  private subscribe(): void {
    if (this.subscribed) return;
    this.subscriber.on("message", (channel: string, text: string) => {
      if (channel === this.channel) this.dispatch(text);
    });
    this.subscribed = this.subscriber.subscribe(this.channel).then(
      () => undefined,
      (error: unknown) => {
        this.logger.error("Could not subscribe to cancel signals", { error });
        this.subscribed = undefined;
      },
    );
  }

  private dispatch(text: string): void {
    let message: { r?: unknown; m?: unknown };
    try {
      message = JSON.parse(text) as { r?: unknown; m?: unknown };
    } catch {
      this.logger.warn("Ignored a malformed cancel signal", { text });
      return;
    }
    const set = typeof message.r === "string" ? this.listeners.get(message.r) : undefined;
    if (!set) return;
    const metadata =
      message.m && typeof message.m === "object"
        ? (message.m as Record<string, unknown>)
        : undefined;
    for (const listener of [...set]) {
      try {
        listener(metadata);
      } catch (error) {
        this.logger.error("A cancel listener threw", { error });
      }
    }
  }
}
