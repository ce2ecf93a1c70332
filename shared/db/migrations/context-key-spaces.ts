import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TableMigration } from './run';
import { type Item, queryAll, updateIfStill } from './support';

/**
 * Gives every context its own partitions (issue: least privilege). Before it, four contexts kept
 * records under participation's `INITIATIVE#<id>`: their initiative links in gsi2, and partnership
 * totals, logic models and reflections as items of the initiative's own partition. Now each links
 * under its own prefix (`shared/db/keys.ts` `initiativeLinkPartition`), which IAM can tell apart.
 *
 * Finds the old shapes without a scan: every initiative (gsi1 `INITIATIVES`), then its gsi2
 * partition and its table partition. Each change is conditional on the item still having its old
 * shape, so a rerun (or a run racing a new write) changes nothing twice.
 */

/** gsi2 sort-key types that moved, and the partition prefix they moved to. */
const movedLinks: readonly { type: string; prefix: string }[] = [
  { type: 'SURVEY#', prefix: 'SURVEYS#INITIATIVE#' },
  { type: 'NEED#', prefix: 'SURVEYS#INITIATIVE#' },
  { type: 'PARTNERSHIP#', prefix: 'PARTNERSHIPS#INITIATIVE#' },
  { type: 'PARTNER_CONTRIBUTION#', prefix: 'PARTNERSHIPS#INITIATIVE#' },
  { type: 'OPPORTUNITY#', prefix: 'VOLUNTEERING#INITIATIVE#' },
  { type: 'INDICATOR#', prefix: 'EVALUATION#INITIATIVE#' },
  { type: 'FEEDBACK#', prefix: 'EVALUATION#INITIATIVE#' },
];

/** Items of the initiative's table partition that moved, by sort key, and their new partition prefix. */
const movedItems: readonly { sk: (sk: string) => boolean; prefix: string }[] = [
  { sk: (sk) => sk === 'PARTNER_TOTALS', prefix: 'PARTNERSHIPS#INITIATIVE#' },
  { sk: (sk) => sk === 'LOGIC_MODEL', prefix: 'EVALUATION#INITIATIVE#' },
  { sk: (sk) => sk.startsWith('REFLECTION#'), prefix: 'EVALUATION#INITIATIVE#' },
];

export const contextKeySpacesMigration: TableMigration = {
  id: '0001-context-key-spaces',
  description: "Moves other contexts' records out of participation's initiative partitions",
  async run({ client, tableName, log }) {
    let links = 0;
    let moved = 0;
    const initiatives = queryAll(client, {
      TableName: tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :list',
      ExpressionAttributeValues: { ':list': 'INITIATIVES' },
      ProjectionExpression: 'pk',
    });
    for await (const initiative of initiatives) {
      const partition = String(initiative.pk);
      const initiativeId = partition.slice('INITIATIVE#'.length);

      const linked = queryAll(client, {
        TableName: tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :partition',
        ExpressionAttributeValues: { ':partition': partition },
        ProjectionExpression: 'pk, sk, gsi2sk',
      });
      for await (const item of linked) {
        const move = movedLinks.find(({ type }) => String(item.gsi2sk).startsWith(type));
        if (!move) continue;
        const relinked = await updateIfStill(client, {
          TableName: tableName,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: 'SET gsi2pk = :moved',
          ConditionExpression: 'gsi2pk = :old',
          ExpressionAttributeValues: { ':moved': `${move.prefix}${initiativeId}`, ':old': partition },
        });
        if (relinked) links += 1;
      }

      const own = queryAll(client, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :partition',
        ExpressionAttributeValues: { ':partition': partition },
      });
      for await (const item of own) {
        const move = movedItems.find(({ sk }) => sk(String(item.sk)));
        if (!move) continue;
        await moveItem(client, tableName, item, `${move.prefix}${initiativeId}`);
        moved += 1;
      }
    }
    log(`moved ${links} initiative link(s) and ${moved} item(s) into their contexts' partitions`);
  },
};

/**
 * Puts the item under its new partition and deletes the old one in one transaction. If new code
 * has already written the item under its new key, the newer one is kept: counters (partner totals)
 * are added to it, anything else is left as the new code wrote it.
 */
async function moveItem(
  client: DynamoDBDocumentClient,
  tableName: string,
  item: Item,
  pk: string,
): Promise<void> {
  const deleteOld = {
    Delete: {
      TableName: tableName,
      Key: { pk: item.pk, sk: item.sk },
      ConditionExpression: 'attribute_exists(pk)',
    },
  };
  try {
    await client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: { ...item, pk },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          deleteOld,
        ],
      }),
    );
    return;
  } catch (error) {
    if ((error as Error).name !== 'TransactionCanceledException') throw error;
  }
  const counters = Object.entries(item).filter(([, value]) => typeof value === 'number');
  const merge =
    item.sk === 'PARTNER_TOTALS' && counters.length > 0
      ? [
          {
            Update: {
              TableName: tableName,
              Key: { pk, sk: item.sk },
              UpdateExpression: `ADD ${counters.map((_, index) => `#c${index} :c${index}`).join(', ')}`,
              ExpressionAttributeNames: Object.fromEntries(
                counters.map(([name], index) => [`#c${index}`, name]),
              ),
              ExpressionAttributeValues: Object.fromEntries(
                counters.map(([, value], index) => [`:c${index}`, value]),
              ),
            },
          },
        ]
      : [];
  await client.send(new TransactWriteCommand({ TransactItems: [...merge, deleteOld] }));
}
