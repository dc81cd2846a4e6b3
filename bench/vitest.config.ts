import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    passWithNoTests: false,
    // Each test starts a server process (TypeScript loaded through tsx).
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
