import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    passWithNoTests: false,
    // Tests talk over real sockets and child processes; these bound a hang, they do not time
    // anything. CI runs several packages' suites at once on two cores.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
