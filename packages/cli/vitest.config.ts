import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    passWithNoTests: false,
    // Most tests spawn the built CLI; on a busy machine each run is slow, not wrong.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
