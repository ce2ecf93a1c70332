import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetAll } from '../../shared/db/batch';
import { documentClient } from '../../shared/db/client';
import { parseEntity, tableName } from '../../shared/db/items';
import { keys } from '../../shared/db/keys';
import type { ParticipationReads } from './api';
import { type Initiative, initiative as initiativeSchema } from './schemas';

/** An initiative item as stored is exactly the public initiative: it holds nothing internal. */
export const parseInitiative = (item: Record<string, unknown>): Initiative =>
  parseEntity(initiativeSchema, item);

/** The initiative reads participation publishes to other contexts (`published.ts`), on the single table. */
export const dynamoInitiativeReads: ParticipationReads = {
  async initiativeExists(initiativeId) {
    const result = await documentClient.send(
      new GetCommand({
        TableName: tableName(),
        Key: keys.initiative(initiativeId),
        ProjectionExpression: 'pk',
      }),
    );
    return result.Item !== undefined;
  },

  async initiativesById(initiativeIds) {
    const found = await batchGetAll(
      initiativeIds.map((initiativeId) => keys.initiative(initiativeId)),
      parseInitiative,
    );
    return new Map(found.map((initiative) => [initiative.initiativeId, initiative]));
  },
};
