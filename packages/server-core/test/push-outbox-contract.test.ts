import { describe, it } from "vitest";
import { MemoryPushOutbox } from "../src/index.js";
import { describePushOutboxContract } from "../src/testing/index.js";

describePushOutboxContract({ describe, it }, "MemoryPushOutbox", (bounds) => ({
  outbox: new MemoryPushOutbox(bounds),
}));
