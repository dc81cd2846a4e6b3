// Run by otel.test.ts with @opentelemetry/* unresolvable: the main entry must load and serve.
const core = await import("../../src/index.js");
const handler = core.createRequestHandler({
  agentCard: {
    name: "Plain",
    description: "No telemetry installed",
    version: "1.0.0",
    supportedInterfaces: [
      { url: "http://agent.test/a2a", protocolBinding: "HTTP+JSON", protocolVersion: "1.0" },
    ],
    capabilities: {},
    defaultInputModes: ["text/plain"],
    defaultOutputModes: ["text/plain"],
    skills: [],
  },
  executor: core.defineAgent(async (_ctx, task) => task.complete("ok")),
});
const a2a = core.createA2AFetchHandler({ handler });
const res = await a2a.fetch(
  new Request("http://agent.test/a2a/message:send", {
    method: "POST",
    headers: { "A2A-Version": "1.0", "Content-Type": "application/json" },
    body: JSON.stringify({
      message: { messageId: "m", role: "ROLE_USER", parts: [{ text: "x" }] },
    }),
  }),
);
const body = (await res.json()) as { task: { status: { state: string } } };
await a2a.close();
let otel = "loaded";
try {
  await import("../../src/otel/index.js");
} catch (error) {
  otel = (error as { code?: string }).code ?? String(error);
}
console.log(JSON.stringify({ state: body.task.status.state, otel }));
