import { ConfigError, loadConfig } from "./config.js";
import { createLogger } from "./log.js";
import { startReferenceAgent } from "./server.js";

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`reference-agent: ${error.message}`);
  process.exit(1);
}

const log = createLogger(config.logLevel);
let agent: Awaited<ReturnType<typeof startReferenceAgent>>;
try {
  agent = await startReferenceAgent({ ...config, logger: log });
} catch (error) {
  const code = (error as { code?: string }).code;
  console.error(
    code === "EADDRINUSE"
      ? `reference-agent: port ${config.port} is in use; set PORT to another one`
      : `reference-agent: could not start: ${(error as Error).message}`,
  );
  process.exit(1);
}
if (process.stderr.isTTY) {
  console.error(`\nA2A agent ready at ${agent.url}`);
  console.error(`  browser: ${agent.url}/`);
  console.error(`  card:    ${agent.url}/.well-known/agent-card.json`);
  console.error(
    `  cli:     node packages/cli/dist/main.js send ${agent.url} "/convert 10 km to mi"`,
  );
  console.error("  (the tutorial: apps/reference-agent/README.md)\n");
}

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    agent.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  });
}
