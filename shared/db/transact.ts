import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './client';

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

export type TransactResult = { ok: true } | { ok: false; failedConditions: number[] };

const MAX_ATTEMPTS = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `TransactWriteItems` that tells conditions from contention. A failed condition is an answer
 * (second vote, full shift) and comes back as the indexes of the items whose condition failed.
 * A `TransactionConflict` only means another transaction touched the same item at the same time
 * (fifty people voting for one idea): that is retried with jittered backoff, because the SDK does
 * not retry cancelled transactions on its own.
 */
export async function transactWrite(items: TransactItems): Promise<TransactResult> {
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
      if (failedConditions.length > 0) return { ok: false, failedConditions };
      const contended = reasons.some((reason) => reason.Code === 'TransactionConflict');
      if (!contended || attempt >= MAX_ATTEMPTS) throw error;
      await sleep(Math.random() * Math.min(1000, 10 * 2 ** attempt));
    }
  }
}
