/**
 * @a2akit/server-core/testing: contract suites for store implementations. Each takes the
 * `describe` and `it` of any test runner, so this entry imports no test framework.
 */
export type { TestApi } from "./assert.js";
export { describePushConfigStoreContract } from "./push-config-store-contract.js";
export type { PushOutboxContractBounds, PushOutboxHarness } from "./push-outbox-contract.js";
export { describePushOutboxContract } from "./push-outbox-contract.js";
export { describeQueueStoreContract } from "./queue-store-contract.js";
export type { TaskCommitterHarness } from "./task-committer-contract.js";
export { describeTaskCommitterContract } from "./task-committer-contract.js";
export type { TaskStoreHarness } from "./task-store-contract.js";
export { describeTaskStoreContract } from "./task-store-contract.js";
