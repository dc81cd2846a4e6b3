import { processIo } from "./io.js";
import { run } from "./run.js";

// Ctrl-C aborts the running call (the CLI then exits 130); a second Ctrl-C exits at once.
const interrupt = new AbortController();
process.on("SIGINT", () => {
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort();
});

const code = await run(process.argv.slice(2), processIo(interrupt.signal));
process.exitCode = code;
// Stdin (read by `a2a chat`) and a connection being torn down after an abort may still hold
// the event loop; once the output is flushed there is nothing left to wait for.
process.stdin.unref?.();
process.stdout.write("", () => {
  setTimeout(() => process.exit(code), 50).unref();
});
