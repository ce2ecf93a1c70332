import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DeleteCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { documentClient } from './client';
import { tableName } from './items';

/**
 * Writes that only apply while the item is still as it was read, for work that may be repeated or
 * raced (the retention job, an erasure resumed, a digest's retention restart): a failed condition
 * means someone else already changed the item, so there is nothing left to do, and the answer is
 * `false` rather than an error.
 */

/** Runs a conditional write; `false` when its condition failed (already done, or changed since). */
export async function unlessAlreadyDone(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export const updateIfStill = (input: UpdateCommandInput): Promise<boolean> =>
  unlessAlreadyDone(() => documentClient.send(new UpdateCommand(input)));

export const deleteIfStill = (input: DeleteCommandInput): Promise<boolean> =>
  unlessAlreadyDone(() => documentClient.send(new DeleteCommand(input)));

/**
 * What an item must still be for a privacy step on it to go ahead: the person's (an erasure), or
 * past the same retention the job found (the retention job), so a re-run or a concurrent change
 * writes nothing.
 */
export type PersonalDataGuard = { participantHash: string } | { expiresAt: number };

/** The condition (and its names and values, under `:guard`) that holds a write to `guard`. */
export const personalDataGuardCondition = (
  guard: PersonalDataGuard,
): { condition: string; names?: Record<string, string>; values: Record<string, unknown> } =>
  'participantHash' in guard
    ? { condition: 'participantHash = :guard', values: { ':guard': guard.participantHash } }
    : {
        condition: 'expiresAt = :guard AND attribute_exists(#retention)',
        names: { '#retention': 'retention' },
        values: { ':guard': guard.expiresAt },
      };

/** Deletes an item while `guard` still holds; `false` when it no longer does (done already, or changed). */
export function deleteIfGuardHolds(
  key: { pk?: unknown; sk?: unknown },
  guard: PersonalDataGuard,
): Promise<boolean> {
  const { condition, names, values } = personalDataGuardCondition(guard);
  return deleteIfStill({
    TableName: tableName(),
    Key: { pk: key.pk, sk: key.sk },
    ConditionExpression: condition,
    ...(names ? { ExpressionAttributeNames: names } : {}),
    ExpressionAttributeValues: values,
  });
}
