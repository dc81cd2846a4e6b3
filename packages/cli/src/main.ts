import { processIo } from "./io.js";
import { run } from "./run.js";

// Ctrl-C aborts the running call (the CLI then exits 130); a second Ctrl-C exits at once.
const interrupt = new AbortController();
process.on("SIGINT", () => {
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort();
});

process.exitCode = await run(process.argv.slice(2), processIo(interrupt.signal));
// Stdin (kept open by `a2a chat`) and keep-alive sockets must not hold the process.
process.stdin.unref?.();
