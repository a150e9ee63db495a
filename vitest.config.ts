import {defineConfig} from 'vitest/config';

// Three projects: `unit` needs no cluster; `parity` runs the oracle (no cluster); `integration` gets one real control plane per run
// (test/support/global-setup.ts) and must run inside the loopback-only network namespace.
export default defineConfig({
  test: {
    // oclif prints through console.log; without this vitest swallows command output.
    disableConsoleIntercept: true,
    projects: [
      {
        extends: true,
        // Generous: tests that spawn the built CLI share two cores with builds on a busy machine.
        test: {name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000},
      },
      {
        extends: true,
        // Differential tests against the oracle (Helm v4's engine); no cluster.
        test: {
          name: 'parity',
          include: ['test/parity/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 600_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
