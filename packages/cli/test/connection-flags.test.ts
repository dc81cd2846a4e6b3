import { describe, expect, it } from "vitest";
import { EXIT, run } from "../src/index.js";
import { recordingIo } from "./support/io.js";

// Mistakes in the connection flags are the user's to fix: a usage error (exit 2) naming the
// flag, before any agent is called (port 9 is closed, so reaching it would be exit 3).
describe("connection flags", () => {
  it.each([
    [
      ["card", "http://127.0.0.1:9", "--binding", "GRPC"],
      '--binding must be JSONRPC or HTTP+JSON, got "GRPC"',
    ],
    [
      ["card", "http://127.0.0.1:9", "--binding", "jsonrcp"],
      '--binding must be JSONRPC or HTTP+JSON, got "jsonrcp"',
    ],
    [
      ["card", "http://127.0.0.1:9", "-H", "Bad Name: x"],
      '--header "Bad Name: x" is not a valid header',
    ],
    [["card", "http://127.0.0.1:9", "-H", "X-Ok: line\nbreak"], "is not a valid header"],
  ])("refuses %j", async (argv, message) => {
    const io = recordingIo();
    expect(await run(argv, io)).toBe(EXIT.USAGE);
    expect(io.stderr).toContain(message);
  });

  it("accepts a binding in any case", async () => {
    const io = recordingIo();
    // Past the flag check: the closed port is what fails.
    expect(await run(["card", "http://127.0.0.1:9", "--binding", "http+json"], io)).toBe(
      EXIT.CLIENT_ERROR,
    );
    expect(io.stderr).toMatch(/^a2a: NETWORK: /);
  });
});
