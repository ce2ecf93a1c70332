import { defineConfig } from 'vitest/config';

/**
 * Files that load the machine on their own: hundreds of requests contending for one shift or
 * session, or whole `npm start` stacks. They run after the rest, one file at a time, so that
 * neither they nor the files beside them depend on the machine being idle.
 */
const runAlone = [
  'test/integration/volunteering-seats.test.ts',
  'test/integration/meetings-seats.test.ts',
  'test/integration/training.test.ts',
  'test/integration/petitions-concurrency.test.ts',
  'test/e2e/local-stack.test.ts',
  'test/e2e/dynamodb-tether.test.ts',
];

/**
 * Files that check pages and mails in a real browser (axe-core in headless Chromium): their own
 * project, whose global setup starts one Chromium for all of them (test/support/browser-setup.ts).
 */
const browserTests = ['test/browser/**/*.test.ts'];

/** What the projects share. Not inherited with `extends`, which would start a DynamoDB Local per project. */
const shared = {
  setupFiles: ['test/support/table-per-file.ts'],
  testTimeout: 60_000,
  hookTimeout: 120_000,
  pool: 'forks' as const,
};

export default defineConfig({
  test: {
    // One DynamoDB Local for the whole run, shared by both projects; each test file gets its own
    // table (test/support/table-per-file.ts).
    globalSetup: ['test/support/global-setup.ts'],
    reporters: ['default'],
    // Two cores: more workers only fight over them (and over DynamoDB Local).
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    projects: [
      {
        test: {
          ...shared,
          name: 'suite',
          include: ['test/**/*.test.ts'],
          exclude: [...runAlone, ...browserTests],
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...shared,
          name: 'browser',
          include: browserTests,
          // One headless Chromium for all its files, started only when one of them is in the run.
          globalSetup: ['test/support/browser-setup.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...shared,
          name: 'alone',
          include: runAlone,
          // One process, one file after another.
          poolOptions: { forks: { singleFork: true } },
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
