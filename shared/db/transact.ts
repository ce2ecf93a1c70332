import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { documentClient } from './client';

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

export type TransactResult = { ok: true } | { ok: false; failedConditions: number[] };

/** A cancelled transaction as `transactWrite(items, { retryConflicts: false })` answers it. */
export interface TransactRefusal {
  ok: false;
  /** Indexes of the items whose condition failed; empty when only contention cancelled it. */
  failedConditions: number[];
  /** The current item, by index, where a refused item asked for it (`ReturnValuesOnConditionCheckFailure`). */
  current: Map<number, Record<string, unknown>>;
}

const MAX_ATTEMPTS = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `TransactWriteItems` that tells conditions from contention. A failed condition is an answer
 * (second vote, full shift) and comes back as the indexes of the items whose condition failed.
 * A `TransactionConflict` only means another transaction touched the same item at the same time
 * (fifty people voting for one idea): that is retried with jittered backoff, because the SDK does
 * not retry cancelled transactions on its own.
 *
 * With `{ retryConflicts: false }` the transaction is sent once and any cancellation, contention
 * included, is answered as a refusal with the current items the refused ones asked for: for
 * callers whose decision, read a moment ago, is stale under contention anyway (seats), so they
 * decide again on fresh state rather than resend a decision that can no longer hold.
 */
export async function transactWrite(items: TransactItems): Promise<TransactResult>;
export async function transactWrite(
  items: TransactItems,
  options: { retryConflicts: false },
): Promise<{ ok: true } | TransactRefusal>;
export async function transactWrite(
  items: TransactItems,
  options: { retryConflicts?: boolean } = {},
): Promise<TransactResult | TransactRefusal> {
  const retryConflicts = options.retryConflicts ?? true;
  for (let attempt = 1; ; attempt++) {
    try {
      await documentClient.send(new TransactWriteCommand({ TransactItems: items }));
      return { ok: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failedConditions = reasons.flatMap((reason, index) =>
        reason.Code === 'ConditionalCheckFailed' ? [index] : [],
      );
      if (!retryConflicts)
        return {
          ok: false,
          failedConditions,
          current: new Map(
            reasons.flatMap((reason, index) =>
              reason.Code === 'ConditionalCheckFailed' && reason.Item
                ? [[index, unmarshall(reason.Item)] as const]
                : [],
            ),
          ),
        };
      if (failedConditions.length > 0) return { ok: false, failedConditions };
      const contended = reasons.some((reason) => reason.Code === 'TransactionConflict');
      if (!contended || attempt >= MAX_ATTEMPTS) throw error;
      await sleep(Math.random() * Math.min(1000, 10 * 2 ** attempt));
    }
  }
}
