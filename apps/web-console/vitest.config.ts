import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    passWithNoTests: false,
    // The browser tests need the console bundled; build it once before any test runs.
    globalSetup: ["test/support/build.ts"],
    // A real browser on a shared two-core machine: one Chromium at a time, and room for each step.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // expect.poll waits for the page; the 1 s default is tight on a busy machine.
    expect: { poll: { timeout: 20_000 } },
  },
});
