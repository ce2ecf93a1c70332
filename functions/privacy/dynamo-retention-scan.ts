import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { documentClient } from '../../shared/db/client';
import { tableName } from '../../shared/db/items';
import { includingExpired } from '../../shared/db/retention-filter';
import type { RetentionDue } from '../../shared/privacy/person';
import type { RetentionScan } from './retention';

const dueItem: z.ZodType<RetentionDue> = z.object({
  pk: z.string(),
  sk: z.string(),
  type: z.string(),
  expiresAt: z.number(),
  retention: z.enum(['delete', 'anonymise']),
});

/**
 * The `retention` job's one Scan of the table: the only read of every item, so it reads the
 * least it can. The filter runs in DynamoDB (it saves shipping items, not reading them); the
 * projection leaves everything personal behind; and it reads past the retention filter, since
 * expired items are exactly what it looks for.
 */
export const dynamoRetentionScan: RetentionScan = {
  async *pages({ deleteBy, anonymiseBy }) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await includingExpired(() =>
        documentClient.send(
          new ScanCommand({
            TableName: tableName(),
            ProjectionExpression: '#pk, #sk, #type, #expiresAt, #retention',
            FilterExpression:
              'attribute_exists(#retention) AND ((#retention = :delete AND #expiresAt <= :deleteBy) OR (#retention = :anonymise AND #expiresAt <= :anonymiseBy))',
            ExpressionAttributeNames: {
              '#pk': 'pk',
              '#sk': 'sk',
              '#type': 'type',
              '#expiresAt': 'expiresAt',
              '#retention': 'retention',
            },
            ExpressionAttributeValues: {
              ':delete': 'delete',
              ':anonymise': 'anonymise',
              ':deleteBy': deleteBy,
              ':anonymiseBy': anonymiseBy,
            },
            ExclusiveStartKey: start,
          }),
        ),
      );
      start = page.LastEvaluatedKey;
      yield { scanned: page.ScannedCount ?? 0, due: (page.Items ?? []).map((item) => dueItem.parse(item)) };
    } while (start);
  },
};
