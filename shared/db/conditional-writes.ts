import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DeleteCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { documentClient } from './client';

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
