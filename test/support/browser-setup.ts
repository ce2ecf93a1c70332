import type { TestProject } from 'vitest/node';
import { launchChromiumServer } from './chromium';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's one Chromium (`test/support/browser.ts` connects to it); absent when none was found. */
    chromiumEndpoint: string | undefined;
  }
}

/**
 * The `browser` project's global setup: one headless Chromium for every browser test file of the
 * run (the machine has two cores), started only when such a file is in the run, since vitest sets
 * a project up only when it has files to run. Closed at teardown, so no Chromium outlives the run.
 */
export default async function setup(project: TestProject) {
  const server = await launchChromiumServer();
  project.provide('chromiumEndpoint', server.wsEndpoint());
  return async () => {
    // close() ends the process it started and waits for it; kill() if that did not go through.
    await server.close().catch(() => server.kill());
  };
}
