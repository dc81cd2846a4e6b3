import { describe, expect, it } from "vitest";
import { EXIT, run, VERSION } from "../src/index.js";
import { recordingIo } from "./support/io.js";

describe("the command line, before any agent is called", () => {
  it("prints help on --help and on no arguments", async () => {
    const io = recordingIo();
    expect(await run(["--help"], io)).toBe(EXIT.OK);
    expect(io.stdout).toContain("a2a send URL TEXT [--stream|--no-wait]");
    expect(io.stdout).toContain("a2a push create URL TASK_ID WEBHOOK_URL");

    const bare = recordingIo();
    expect(await run([], bare)).toBe(EXIT.USAGE);
    expect(bare.stderr).toContain("Usage:");
  });

  it("prints the package version", async () => {
    const io = recordingIo();
    expect(await run(["--version"], io)).toBe(EXIT.OK);
    expect(io.stdout).toBe(`${VERSION}\n`);
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each([
    [["frobnicate", "http://x"], 'Unknown command "frobnicate"'],
    [["send"], "send needs the agent's URL"],
    [["send", "http://x", "hi", "--bogus"], "Unknown option '--bogus'"],
    [["send", "not a url", "hi"], '"not a url" is not an absolute URL'],
    [["send", "http://x", "hi", "--data", "{nope"], "--data is not valid JSON"],
    [["send", "http://x", "hi", "--file", "/no/such/file"], "--file /no/such/file: ENOENT"],
    [["send", "http://x"], "send needs TEXT, --file or --data"],
    [
      ["send", "http://x", "hi", "--stream", "--no-wait"],
      "--stream and --no-wait exclude each other",
    ],
    [["tasks", "frob", "http://x"], "tasks needs one of: list, get, cancel, subscribe"],
    [["tasks", "get", "http://x"], "tasks get needs URL and TASK_ID"],
    [["push", "create", "http://x", "t1"], "push create needs URL TASK_ID WEBHOOK_URL"],
    [["tasks", "list", "http://x", "--page-size", "0"], "--page-size needs a positive integer"],
  ])("refuses %j with a usage error", async (argv, message) => {
    const io = recordingIo();
    expect(await run(argv, io)).toBe(EXIT.USAGE);
    expect(io.stderr).toContain(message);
    expect(io.stderr).toContain('Run "a2a --help" for usage.');
    expect(io.stdout).toBe("");
  });

  it("reports usage errors as JSON with --json", async () => {
    const io = recordingIo();
    expect(await run(["send", "http://x", "--json"], io)).toBe(EXIT.USAGE);
    expect(JSON.parse(io.stderr)).toEqual({
      error: { code: "USAGE", message: "send needs TEXT, --file or --data", exitCode: 2 },
    });
  });

  it("names an unreachable agent as a network error, exit 3", async () => {
    const io = recordingIo();
    // Port 9 (discard) on loopback is closed on any test machine.
    expect(await run(["card", "http://127.0.0.1:9"], io)).toBe(EXIT.CLIENT_ERROR);
    expect(io.stderr).toMatch(/^a2a: NETWORK: /);
  });
});
