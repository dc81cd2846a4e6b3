import fc from "fast-check";
import { bytesToBase64, ROLES, TASK_STATES } from "../../src/index.js";

// Generators of valid v1.0 wire objects (ProtoJSON, as a peer would send them). Optional fields
// come and go; enums appear as names or numbers; timestamps carry 0 to 9 fraction digits.

type Arb<T = unknown> = fc.Arbitrary<T>;

/** An object whose `required` keys are always present and the others only sometimes. */
function obj(model: Record<string, Arb>, required: string[] = []): Arb<Record<string, unknown>> {
  return fc.record(model, { requiredKeys: required as never[] }) as Arb<Record<string, unknown>>;
}

const id = fc.stringMatching(/^[A-Za-z0-9-]{1,16}$/);
const text = fc.string({ maxLength: 20 });
const url = fc.webUrl();
const mediaType = fc.constantFrom("text/plain", "application/json", "image/png", "application/pdf");
const key = fc.stringMatching(/^[a-z][a-zA-Z0-9_]{0,10}$/);

/** A Struct: a JSON object whose keys may look like proto names (`context_id`). */
export const struct = fc.dictionary(key, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });

/** An RFC 3339 UTC timestamp with 0 to 9 fraction digits. */
export const timestamp = fc
  .tuple(
    fc.date({
      min: new Date("1970-01-01T00:00:00Z"),
      max: new Date("2199-12-31T23:59:59Z"),
      noInvalidDate: true,
    }),
    fc.stringMatching(/^(\.\d{1,9})?$/),
  )
  .map(([d, fraction]) => `${d.toISOString().slice(0, 19)}${fraction}Z`);

/** Standard base64 with padding, of up to 48 bytes. */
export const base64 = fc.uint8Array({ maxLength: 48 }).map(bytesToBase64);

const taskState = fc.oneof(
  fc.constantFrom(...TASK_STATES.slice(1)),
  fc.integer({ min: 1, max: TASK_STATES.length - 1 }),
);
const role = fc.oneof(fc.constantFrom(...ROLES.slice(1)), fc.constantFrom(1, 2));

const partExtras = { metadata: struct, filename: text, mediaType };

/** A Part with exactly one content member. */
export const part = fc.oneof(
  obj({ text, ...partExtras }, ["text"]),
  obj({ raw: base64, ...partExtras }, ["raw"]),
  obj({ url, ...partExtras }, ["url"]),
  obj({ data: fc.jsonValue({ maxDepth: 2 }), ...partExtras }, ["data"]),
);

const parts = fc.array(part, { minLength: 1, maxLength: 3 });

/** A Message. */
export const message = obj(
  {
    messageId: id,
    contextId: id,
    taskId: id,
    role,
    parts,
    metadata: struct,
    extensions: fc.array(url, { maxLength: 2 }),
    referenceTaskIds: fc.array(id, { maxLength: 2 }),
  },
  ["messageId", "role", "parts"],
);

export const taskStatus = obj({ state: taskState, message, timestamp }, ["state"]);

export const artifact = obj(
  {
    artifactId: id,
    name: text,
    description: text,
    parts,
    metadata: struct,
    extensions: fc.array(url, { maxLength: 2 }),
  },
  ["artifactId", "parts"],
);

/** A Task. */
export const task = obj(
  {
    id,
    contextId: id,
    status: taskStatus,
    artifacts: fc.array(artifact, { maxLength: 2 }),
    history: fc.array(message, { maxLength: 2 }),
    metadata: struct,
  },
  ["id", "status"],
);

const statusUpdate = obj({ taskId: id, contextId: id, status: taskStatus, metadata: struct }, [
  "taskId",
  "contextId",
  "status",
]);
const artifactUpdate = obj(
  {
    taskId: id,
    contextId: id,
    artifact,
    append: fc.boolean(),
    lastChunk: fc.boolean(),
    metadata: struct,
  },
  ["taskId", "contextId", "artifact"],
);

/** A StreamResponse with exactly one member. */
export const streamResponse = fc.oneof(
  task.map((task) => ({ task })),
  message.map((message) => ({ message })),
  statusUpdate.map((statusUpdate) => ({ statusUpdate })),
  artifactUpdate.map((artifactUpdate) => ({ artifactUpdate })),
);

const authentication = obj({ scheme: fc.constantFrom("Bearer", "Basic"), credentials: text }, [
  "scheme",
]);

/** A TaskPushNotificationConfig. */
export const pushConfig = obj({ tenant: id, id, taskId: id, url, token: text, authentication }, [
  "url",
]);

const historyLength = fc.oneof(
  fc.integer({ min: 0, max: 1000 }),
  fc.integer({ min: 0, max: 1000 }).map(String),
);

/** A SendMessageRequest. */
export const sendMessageRequest = obj(
  {
    tenant: id,
    message,
    configuration: obj({
      acceptedOutputModes: fc.array(mediaType, { maxLength: 3 }),
      taskPushNotificationConfig: pushConfig,
      historyLength,
      returnImmediately: fc.boolean(),
    }),
    metadata: struct,
  },
  ["message"],
);

/** A ListTasksRequest. */
export const listTasksRequest = obj({
  tenant: id,
  contextId: id,
  status: taskState,
  pageSize: fc.integer({ min: 1, max: 100 }),
  pageToken: text,
  historyLength,
  statusTimestampAfter: timestamp,
  includeArtifacts: fc.boolean(),
});

/** A ListTasksResponse. */
export const listTasksResponse = obj(
  {
    tasks: fc.array(task, { maxLength: 3 }),
    nextPageToken: text,
    pageSize: fc.integer({ min: 0, max: 100 }),
    totalSize: fc.integer({ min: 0, max: 100_000 }),
  },
  ["tasks", "nextPageToken", "pageSize", "totalSize"],
);

const scopes = fc.dictionary(key, text, { maxKeys: 3 });
const flows = fc.oneof(
  obj(
    { authorizationUrl: url, tokenUrl: url, refreshUrl: url, scopes, pkceRequired: fc.boolean() },
    ["authorizationUrl", "tokenUrl", "scopes"],
  ).map((authorizationCode) => ({ authorizationCode })),
  obj({ tokenUrl: url, refreshUrl: url, scopes }, ["tokenUrl", "scopes"]).map(
    (clientCredentials) => ({ clientCredentials }),
  ),
  obj({ deviceAuthorizationUrl: url, tokenUrl: url, refreshUrl: url, scopes }, [
    "deviceAuthorizationUrl",
    "tokenUrl",
    "scopes",
  ]).map((deviceCode) => ({ deviceCode })),
);
const description = text;
const securityScheme = fc.oneof(
  obj({ description, location: fc.constantFrom("header", "query", "cookie"), name: id }, [
    "location",
    "name",
  ]).map((apiKeySecurityScheme) => ({ apiKeySecurityScheme })),
  obj({ description, scheme: fc.constantFrom("Bearer", "Basic"), bearerFormat: text }, [
    "scheme",
  ]).map((httpAuthSecurityScheme) => ({ httpAuthSecurityScheme })),
  obj({ description, flows, oauth2MetadataUrl: url }, ["flows"]).map((oauth2SecurityScheme) => ({
    oauth2SecurityScheme,
  })),
  obj({ description, openIdConnectUrl: url }, ["openIdConnectUrl"]).map(
    (openIdConnectSecurityScheme) => ({ openIdConnectSecurityScheme }),
  ),
  obj({ description }).map((mtlsSecurityScheme) => ({ mtlsSecurityScheme })),
);
const securityRequirement = obj({
  schemes: fc.dictionary(key, obj({ list: fc.array(key, { maxLength: 3 }) }), { maxKeys: 2 }),
});
const modes = fc.array(mediaType, { maxLength: 3 });

/** An AgentCard. */
export const agentCard = obj(
  {
    name: text,
    description: text,
    supportedInterfaces: fc.array(
      obj(
        {
          url,
          protocolBinding: fc.constantFrom("JSONRPC", "GRPC", "HTTP+JSON"),
          tenant: id,
          protocolVersion: fc.constantFrom("1.0", "0.3"),
        },
        ["url", "protocolBinding", "protocolVersion"],
      ),
      { minLength: 1, maxLength: 3 },
    ),
    provider: obj({ url, organization: text }, ["url", "organization"]),
    version: fc.constantFrom("1.0.0", "0.1.2"),
    documentationUrl: url,
    capabilities: obj({
      streaming: fc.boolean(),
      pushNotifications: fc.boolean(),
      extensions: fc.array(
        obj({ uri: url, description: text, required: fc.boolean(), params: struct }),
        { maxLength: 2 },
      ),
      extendedAgentCard: fc.boolean(),
    }),
    securitySchemes: fc.dictionary(key, securityScheme, { maxKeys: 2 }),
    securityRequirements: fc.array(securityRequirement, { maxLength: 2 }),
    defaultInputModes: modes,
    defaultOutputModes: modes,
    skills: fc.array(
      obj(
        {
          id,
          name: text,
          description: text,
          tags: fc.array(key, { maxLength: 3 }),
          examples: fc.array(text, { maxLength: 2 }),
          inputModes: modes,
          outputModes: modes,
          securityRequirements: fc.array(securityRequirement, { maxLength: 1 }),
        },
        ["id", "name", "description", "tags"],
      ),
      { maxLength: 2 },
    ),
    signatures: fc.array(
      obj({ protected: base64, signature: base64, header: struct }, ["protected", "signature"]),
      { maxLength: 1 },
    ),
    iconUrl: url,
  },
  [
    "name",
    "description",
    "supportedInterfaces",
    "version",
    "capabilities",
    "defaultInputModes",
    "defaultOutputModes",
    "skills",
  ],
);
