import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    passWithNoTests: false,
    // End-to-end tests spawn the CLI and agents; a busy machine makes each step slow, not wrong.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
