import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import advancePushCursor from "./lua/advance-push-cursor.lua";
import appendEvent from "./lua/append-event.lua";
import commitTask from "./lua/commit-task.lua";
import createTask from "./lua/create-task.lua";
import deleteTask from "./lua/delete-task.lua";
import dropLog from "./lua/drop-log.lua";
import endLog from "./lua/end-log.lua";
import expiredLeases from "./lua/expired-leases.lua";
import failOrphan from "./lua/fail-orphan.lua";
import lib from "./lua/lib.lua";
import listTasks from "./lua/list-tasks.lua";
import outboxClaim from "./lua/outbox-claim.lua";
import outboxComplete from "./lua/outbox-complete.lua";
import outboxDeadLetter from "./lua/outbox-dead-letter.lua";
import outboxDeadLetters from "./lua/outbox-dead-letters.lua";
import outboxEnqueue from "./lua/outbox-enqueue.lua";
import outboxLib from "./lua/outbox-lib.lua";
import outboxRelease from "./lua/outbox-release.lua";
import outboxRenew from "./lua/outbox-renew.lua";
import outboxReplay from "./lua/outbox-replay.lua";
import outboxRetry from "./lua/outbox-retry.lua";
import renewLeases from "./lua/renew-leases.lua";
import stalePush from "./lua/stale-push.lua";
import sweepEnded from "./lua/sweep-ended.lua";
import tokenBucket from "./lua/token-bucket.lua";
import updateTask from "./lua/update-task.lua";

/** A Lua script sent by its SHA1, and in full only when the server has not cached it yet. */
export class Script {
  /** SHA1 of the full source: the name EVALSHA knows it by. */
  readonly sha: string;
  /** The helpers followed by the body. */
  readonly source: string;

  /** Prepends the shared helpers to `body`. */
  constructor(
    readonly name: string,
    body: string,
  ) {
    this.source = `${lib}\n${body}`;
    this.sha = createHash("sha1").update(this.source).digest("hex");
  }

  /** Runs the script: one round trip, two after a server restart emptied its script cache. */
  async run(redis: Redis, keys: readonly string[], args: readonly (string | number)[]) {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (e) {
      if (!(e instanceof Error) || !e.message.startsWith("NOSCRIPT")) throw e;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

/** Every state change the stores make, one atomic script each. */
export const scripts = {
  createTask: new Script("create-task", createTask),
  updateTask: new Script("update-task", updateTask),
  commitTask: new Script("commit-task", commitTask),
  deleteTask: new Script("delete-task", deleteTask),
  listTasks: new Script("list-tasks", listTasks),
  sweepEnded: new Script("sweep-ended", sweepEnded),
  appendEvent: new Script("append-event", appendEvent),
  endLog: new Script("end-log", endLog),
  dropLog: new Script("drop-log", dropLog),
  renewLeases: new Script("renew-leases", renewLeases),
  expiredLeases: new Script("expired-leases", expiredLeases),
  failOrphan: new Script("fail-orphan", failOrphan),
  tokenBucket: new Script("token-bucket", tokenBucket),
  advancePushCursor: new Script("advance-push-cursor", advancePushCursor),
  stalePush: new Script("stale-push", stalePush),
};

/** A push outbox script: its own helpers come after the shared ones. */
function outboxScript(name: string, body: string): Script {
  return new Script(name, `${outboxLib}\n${body}`);
}

/** The push outbox's operations, one atomic script each (KEYS[1] is the outbox's base key). */
export const outboxScripts = {
  enqueue: outboxScript("outbox-enqueue", outboxEnqueue),
  claim: outboxScript("outbox-claim", outboxClaim),
  complete: outboxScript("outbox-complete", outboxComplete),
  retry: outboxScript("outbox-retry", outboxRetry),
  deadLetter: outboxScript("outbox-dead-letter", outboxDeadLetter),
  deadLetters: outboxScript("outbox-dead-letters", outboxDeadLetters),
  replay: outboxScript("outbox-replay", outboxReplay),
  renew: outboxScript("outbox-renew", outboxRenew),
  release: outboxScript("outbox-release", outboxRelease),
};
