import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

// Two projects, by what a test needs. `unit`: pure logic and in-process fakes, no build
// and no database, seconds on a fresh clone (npm run test:unit). `integration`
// (*.integration.test.ts): the real Postgres, and for some the production build.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\/(.*)$/, replacement: path.join(root, "$1") },
      // Outside Next.js's react-server build, "server-only" throws on import by design.
      { find: /^server-only$/, replacement: path.join(root, "node_modules/server-only/empty.js") },
    ],
  },
  test: {
    environment: "node",
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["**/*.test.ts"],
          exclude: ["node_modules/**", ".next/**", "e2e/**", "**/*.integration.test.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["**/*.integration.test.ts"],
          exclude: ["node_modules/**", ".next/**", "e2e/**"],
        },
      },
    ],
  },
});
