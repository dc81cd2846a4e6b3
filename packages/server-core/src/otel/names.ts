/** `rpc.system` of every a2akit span and metric: the RPC system is A2A, whatever the binding. */
export const RPC_SYSTEM = "a2a";
/** `rpc.service`: the service of the A2A protocol definition (`a2a.proto`). */
export const RPC_SERVICE = "lf.a2a.v1.A2AService";

/**
 * Attribute names. OpenTelemetry semantic conventions where they have one (`rpc.*`, `http.*`,
 * `error.type`); `a2a.*` for what only A2A has.
 */
export const A2A_ATTRIBUTES = Object.freeze({
  rpcSystem: "rpc.system",
  rpcService: "rpc.service",
  rpcMethod: "rpc.method",
  jsonRpcErrorCode: "rpc.jsonrpc.error_code",
  httpStatus: "http.response.status_code",
  errorType: "error.type",
  binding: "a2a.binding",
  protocolVersion: "a2a.protocol.version",
  taskId: "a2a.task.id",
  contextId: "a2a.context.id",
  tenant: "a2a.tenant",
  outcome: "a2a.outcome",
  streamEvents: "a2a.stream.events",
  taskState: "a2a.task.state",
  storeName: "a2a.store.name",
  storeOperation: "a2a.store.operation",
  pushConfigId: "a2a.push.config_id",
  pushSeq: "a2a.push.seq",
  pushAttempt: "a2a.push.attempt",
  pushOutcome: "a2a.push.outcome",
  limit: "a2a.limit",
});

/** Metric names. */
export const A2A_METRICS = Object.freeze({
  callDuration: "rpc.server.call.duration",
  requests: "a2a.server.requests",
  errors: "a2a.server.errors",
  activeStreams: "a2a.server.active_streams",
  streamEvents: "a2a.server.stream.events",
  taskOutcomes: "a2a.server.task.outcomes",
  taskEvents: "a2a.server.task.events",
  pushDeliveries: "a2a.server.push.deliveries",
  limitExceeded: "a2a.server.limit.exceeded",
  storeDuration: "a2a.server.store.duration",
});
