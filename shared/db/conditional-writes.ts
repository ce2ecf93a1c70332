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

export async function updateIfStill(input: UpdateCommandInput): Promise<boolean> {
  try {
    await documentClient.send(new UpdateCommand(input));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export async function deleteIfStill(input: DeleteCommandInput): Promise<boolean> {
  try {
    await documentClient.send(new DeleteCommand(input));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
