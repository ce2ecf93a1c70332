import { existsSync } from 'node:fs';
import { type BrowserServer, chromium, type LaunchOptions } from 'playwright-core';

/**
 * Where Chromium is, decided in one place: `CHROMIUM_PATH` when set, else Debian's real binary
 * (its `/usr/bin/chromium` is a shell wrapper that execs it after printing a harmless warning),
 * then the wrapper itself and the other usual names. `.ci/run` installs Debian's `chromium` when
 * none of these exists.
 */
export const chromiumCandidates = [
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH names ${fromEnv}, which does not exist.`);
    return fromEnv;
  }
  const found = chromiumCandidates.find((candidate) => existsSync(candidate));
  if (!found)
    throw new Error(
      `No Chromium: set CHROMIUM_PATH, or install Debian's "chromium" (.ci/run does when it is missing). Looked at ${chromiumCandidates.join(', ')}.`,
    );
  return found;
}

/** Headless, no GPU, and no /dev/shm (small in containers): what a CI machine can run. */
export const chromiumLaunchOptions = (): LaunchOptions => ({
  executablePath: chromiumPath(),
  headless: true,
  args: ['--disable-gpu', '--disable-dev-shm-usage'],
});

export function launchChromiumServer(): Promise<BrowserServer> {
  return chromium.launchServer(chromiumLaunchOptions());
}
