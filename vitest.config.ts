import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One DynamoDB Local for the whole run; each test file gets its own table (test/support/table-per-file.ts).
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/table-per-file.ts'],
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: more workers only fight over them (and over DynamoDB Local).
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    reporters: ['default'],
  },
});
