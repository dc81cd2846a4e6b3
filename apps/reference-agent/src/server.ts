import type { AddressInfo } from "node:net";
import { a2a, DEFAULT_CORS } from "@a2akit/hono";
import { createRequestHandler } from "@a2akit/server-core";
import { webConsole } from "@a2akit/web-console";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { cors } from "hono/cors";
import type { Logger } from "pino";
import { authSchemes, cardAuth } from "./auth.js";
import { agentCard, extendedCard } from "./card.js";
import { type AgentConfig, loadConfig } from "./config.js";
import { createExecutor } from "./executor.js";
import { coreLogger, createLogger } from "./log.js";
import { createAgentPush, withPushJwt } from "./push.js";
import { createStores } from "./stores.js";
import { consoleTelemetry } from "./telemetry.js";

/** A running reference agent. */
export interface RunningAgent {
  /** Where clients reach it (the card's base URL), e.g. `http://localhost:4000`. */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** Stops accepting calls, lets running tasks finish, then closes stores and the socket. */
  close(): Promise<void>;
}

/** Settings over the defaults of {@link loadConfig}, plus an optional logger. */
export type StartOptions = Partial<AgentConfig> & { logger?: Logger };

/** Starts the agent (port 0 picks a free one); defaults are those of an empty environment. */
export async function startReferenceAgent(options: StartOptions = {}): Promise<RunningAgent> {
  const { logger, ...overrides } = options;
  const config: AgentConfig = { ...loadConfig({}), ...overrides };
  const log = logger ?? createLogger(config.logLevel);
  let serveA2A: ((request: Request) => Promise<Response>) | undefined;
  let stopping = false;

  const app = new Hono();
  // Browsers (the web console, other origins) need CORS, including the API key header.
  app.use(
    "*",
    cors({ ...DEFAULT_CORS, allowHeaders: [...(DEFAULT_CORS.allowHeaders ?? []), "X-API-Key"] }),
  );
  app.use("*", async (c, next) => {
    const started = performance.now();
    await next();
    log.debug(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      "request",
    );
  });
  app.get("/healthz", (c) =>
    c.json({ status: stopping ? "stopping" : "ok", store: config.store }, stopping ? 503 : 200),
  );
  // The browser console at `/`; it answers only GET/HEAD of its own paths, so A2A routes pass.
  app.route("/", webConsole());
  // The card names the real URL, known only once the socket listens.
  app.all("*", (c) => (serveA2A ? serveA2A(c.req.raw) : c.text("starting", 503)));

  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  const url = config.publicUrl ?? `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  const auth = authSchemes(config);
  // Pushes are signed; the card says where the keys are, and the app serves them.
  const stores = createStores(config, log);
  const push = await createAgentPush({
    baseUrl: url,
    allowHosts: config.pushAllowHosts,
    ...(config.pushSigningJwk ? { signingKey: config.pushSigningJwk } : {}),
    ...(stores.pushOutbox ? { outbox: stores.pushOutbox } : {}),
    logger: coreLogger(log.child({ component: "push" })),
  });
  const card = withPushJwt(agentCard(url, { auth, v03: true }), push);
  const handler = createRequestHandler({
    agentCard: card,
    executor: createExecutor(config, log),
    ...(stores.taskStore ? { taskStore: stores.taskStore } : {}),
    ...(stores.queueStore ? { queueStore: stores.queueStore } : {}),
    ...(stores.pushConfigStore ? { pushConfigStore: stores.pushConfigStore } : {}),
    ...(auth ? { extendedAgentCard: (user) => extendedCard(card, user) } : {}),
    ...(config.pageTokenSecret ? { pageTokenSecret: config.pageTokenSecret } : {}),
    // inspect takes files of any type; each skill checks what it can use.
    acceptedInputModes: false,
    pushDeliveries: push.deliveries,
    logger: coreLogger(log.child({ component: "a2a" })),
    ...consoleTelemetry(), // OTEL_CONSOLE=1 prints spans and metrics to stdout
  });
  const middleware = a2a({
    handler,
    v03: true,
    pushKeys: push.keys,
    ...(auth ? cardAuth(card, config, coreLogger(log.child({ component: "auth" }))) : {}),
    logger: coreLogger(log.child({ component: "http" })),
  });
  serveA2A = (request) => middleware.fetch(request);
  log.info(
    { url, port, store: config.store, auth, model: config.openai?.baseUrl ?? null },
    "agent listening",
  );

  return {
    url,
    port,
    async close() {
      stopping = true;
      await middleware.close({ timeoutMs: 5_000 });
      await stores.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive sockets would otherwise hold the close open.
        (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      });
      log.info("agent stopped");
    },
  };
}
