import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { chromiumLaunchOptions } from './chromium';

/** The rules Civic promises: WCAG 2.2 AA and every level below it. */
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * The run's one Chromium, started by the `browser` project's global setup
 * (test/support/browser-setup.ts) and shared by every browser test file: the machine has two
 * cores. A file outside that project gets a Chromium of its own instead, ended when it closes the
 * returned Browser. Either way: `afterAll(() => browser.close())`.
 */
export async function connectBrowser(): Promise<Browser> {
  const endpoint = inject('chromiumEndpoint');
  return endpoint ? chromium.connect(endpoint) : chromium.launch(chromiumLaunchOptions());
}

/** One axe violation, reduced to what an assertion message needs to point at the fix. */
export interface AxeViolation {
  rule: string;
  impact: string | null | undefined;
  help: string;
  /** Each offending element: its selector and its markup. */
  nodes: string[];
}

/**
 * Runs axe-core on what `page` shows now, in the page itself (axe's legacy mode: no second page per
 * run, which costs more than the checks; pages and mails here have no cross-origin frames), with the WCAG 2.2 AA rules (`wcagTags`). Each violation
 * comes back as its rule, help text and offending elements, so that
 * `expect(await axeViolations(page)).toEqual([])` fails with a message that says what to fix.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // axe-core is half a megabyte of script that AxeBuilder sends and compiles on every run, which
  // costs ten times the checks. `page.setContent` keeps the window (and so an axe already there):
  // then a no-op source stands in for it, and axe runs on the new document all the same.
  const loaded = await page.evaluate('typeof window.axe?.run === "function"');
  const results = await new AxeBuilder({ page, ...(loaded ? { axeSource: ';' } : {}) })
    .withTags(wcagTags)
    .setLegacyMode(true)
    .analyze();
  return results.violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes.map((node) => `${node.target.join(' ')} → ${node.html}`),
  }));
}
