import { keySpaceOf } from '../../shared/access/key-spaces';
import type { PersonalDataHolder, RetentionDue } from '../../shared/privacy/person';

/**
 * The `retention` job: finds every item whose retention has ended and hands it to the context
 * that owns it, which deletes or anonymises it (`PersonalDataHolder.applyRetention`). Reads
 * already treat such items as absent (the retention filter every read goes through); this makes
 * it so in the table, and before DynamoDB's TTL could delete an item that must stay anonymised.
 */

/**
 * How long before its `expiresAt` an item to anonymise is anonymised. DynamoDB's TTL may delete
 * an item any time after `expiresAt`; an item that must stay (a counted vote) is anonymised by a
 * daily run at least this long before, so a run that fails or a late schedule still leaves a day
 * in hand.
 */
export const anonymiseMarginDays = 2;

const secondsPerDay = 24 * 60 * 60;

/** Epoch seconds up to which items are due: `delete` ones at `now`, `anonymise` ones `anonymiseMarginDays` ahead. */
export interface DueBy {
  deleteBy: number;
  anonymiseBy: number;
}

/** The whole-table read (`dynamo-retention-scan.ts`): page by page, the due items' keys and retention only. */
export interface RetentionScan {
  pages(due: DueBy): AsyncIterable<{ scanned: number; due: RetentionDue[] }>;
}

export interface RetentionRun {
  /** Items read by the scan. */
  scanned: number;
  /** Items found due. */
  due: number;
  /** Due items handed to each context. */
  byContext: Record<string, number>;
  /** Due items no holder takes: their partition is no context's, or the context publishes no holder. */
  unowned: number;
}

export interface RetentionLog {
  info(message: string, fields: Record<string, unknown>): void;
  error(message: string, fields: Record<string, unknown>): void;
}

export function dueBy(now: Date): DueBy {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  return { deleteBy: nowSeconds, anonymiseBy: nowSeconds + anonymiseMarginDays * secondsPerDay };
}

/**
 * One run: scans page by page (memory stays one page whatever the table's size) and hands each
 * page's due items, grouped by owning context, to that context's holders. A holder that fails
 * does not stop the others: the run goes on, then fails naming the contexts, so the scheduler's
 * retry (and the next day's run) take up what is left. Holders are idempotent and conditional,
 * so what was done is not done twice.
 */
export async function runRetention(
  deps: { scan: RetentionScan; holders: readonly PersonalDataHolder[]; log: RetentionLog },
  now: Date,
): Promise<RetentionRun> {
  const run: RetentionRun = { scanned: 0, due: 0, byContext: {}, unowned: 0 };
  const failed = new Set<string>();
  const unownedIn = new Set<string>();
  for await (const page of deps.scan.pages(dueBy(now))) {
    run.scanned += page.scanned;
    run.due += page.due.length;
    const groups = new Map<string, RetentionDue[]>();
    for (const item of page.due) {
      const context = keySpaceOf(item.pk);
      const holders = deps.holders.filter((holder) => holder.context === context);
      if (!context || holders.length === 0) {
        run.unowned++;
        unownedIn.add(context ?? 'no context');
        continue;
      }
      groups.set(context, [...(groups.get(context) ?? []), item]);
    }
    for (const [context, due] of groups) {
      for (const holder of deps.holders.filter((h) => h.context === context)) {
        try {
          await holder.applyRetention(due, now);
        } catch (error) {
          failed.add(context);
          // The error's name only: messages may quote keys, which hold keyed identities.
          deps.log.error('Retention failed in a context', {
            context,
            items: due.length,
            error: error instanceof Error ? error.name : 'unknown',
          });
        }
      }
      run.byContext[context] = (run.byContext[context] ?? 0) + due.length;
    }
    deps.log.info('Retention page done', { scanned: run.scanned, due: run.due, byContext: run.byContext });
  }
  if (run.unowned > 0)
    // Hidden from reads but never anonymised: the TTL would delete them, counts and all.
    deps.log.error('Due items no context takes', { unowned: run.unowned, contexts: [...unownedIn] });
  deps.log.info('Retention done', { ...run });
  if (failed.size > 0) throw new Error(`Retention failed in: ${[...failed].sort().join(', ')}`);
  return run;
}
