import type { Message, Task } from "@a2akit/types";
import type { RequestContext } from "../executor/types.js";
import type { User } from "./types.js";

/**
 * The context an executor gets. A class, so `signal` can be a getter on the prototype: the
 * signal is made on its first read (most agents never look at it, and an AbortSignal costs a
 * few microseconds to make), and a getter in an object literal would cost V8 a hidden class of
 * its own per run. Positional arguments, not an options object, for the reason ExecutionInit in
 * execution.ts gives. A copy made by spreading does not carry `signal`; name it in the copy.
 */
export class RunContext implements RequestContext {
  readonly #signal: () => AbortSignal;

  /** In the order of {@link RequestContext}'s fields, then what reads the signal. */
  constructor(
    readonly message: Message,
    readonly task: Task | undefined,
    readonly taskId: string,
    readonly contextId: string,
    readonly user: User,
    readonly tenant: string,
    readonly requestedExtensions: readonly string[],
    readonly activatedExtensions: Set<string>,
    readonly acceptedOutputModes: readonly string[],
    readonly history: readonly Message[],
    readonly referencedTasks: readonly Task[],
    readonly userText: string,
    readonly metadata: Record<string, unknown> | undefined,
    signal: () => AbortSignal,
  ) {
    this.#signal = signal;
  }

  get signal(): AbortSignal {
    return this.#signal();
  }
}
