import { type AttributeValue, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { tableDefinition } from '../shared/db/table';

/**
 * Write capacity computed from DynamoDB's billing rules, next to what DynamoDB Local reports.
 *
 * Why: DynamoDB Local under-reports transactions. Measured against it, a `TransactWriteItems` of
 * three small items reports 2 WCU, the same as one item (items whose rounded size is equal appear
 * to be counted once), and it doubles index writes. Most of our writes are transactions (the
 * outbox), so its figure is wrong exactly where it matters. The model reads each written item
 * before and after the call (with a client of its own, outside the measurement) and applies:
 *
 * - table: ceil(max(size before, size after) / 1 KB), at least 1, per item; ×2 per item in a
 *   transaction, a `ConditionCheck` included (it is billed as a write of the item it reads);
 * - each GSI (projection ALL): an item entering the index is a put of its new size, leaving it a
 *   delete of its old size, changing index keys a delete plus a put, staying with other changes
 *   one write, staying unchanged nothing; never doubled, transaction or not;
 * - a plain write refused by its condition: ceil(size of the existing item / 1 KB), at least 1.
 *
 * The transactional rules (per-item rounding, 2× on the table arm only, ConditionCheck as a write)
 * are the AWS documentation's plus what the dynamodb-conformance suite measured against real
 * DynamoDB (paritysuite/dynamodb-conformance#67, nubo-db/dynoxide#188). Plain writes are modelled
 * too, where DynamoDB Local is right: agreement there checks the model's item sizes.
 */

const KB = 1024;
const { partitionKey, sortKey, globalSecondaryIndexes } = tableDefinition;

type Item = Record<string, AttributeValue>;
/** A table name and primary key, read from a command input in either the document or the low-level form. */
interface ItemRef {
  table: string;
  key: { pk: string; sk: string };
  action: 'put' | 'update' | 'delete' | 'check';
}

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/** DynamoDB's number size: one byte per two significant digits, plus one. */
function numberSize(text: string): number {
  const digits = text
    .replace(/^[-+]/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

/** The size of one attribute value, by the rules in the DynamoDB developer guide ("Item sizes"). */
function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS) return value.SS.reduce((sum, s) => sum + utf8(s), 0);
  if (value.NS) return value.NS.reduce((sum, n) => sum + numberSize(n), 0);
  if (value.BS) return value.BS.reduce((sum, b) => sum + b.byteLength, 0);
  if (value.L) return 3 + value.L.reduce((sum, element) => sum + valueSize(element) + 1, 0);
  if (value.M)
    return (
      3 +
      Object.entries(value.M).reduce((sum, [name, element]) => sum + utf8(name) + valueSize(element) + 1, 0)
    );
  return 0;
}

export function itemSize(item: Item): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueSize(value), 0);
}

const units = (bytes: number) => Math.max(1, Math.ceil(bytes / KB));

/** A key attribute as a string, whether the input is still native (document client) or already marshalled. */
function keyPart(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { S?: unknown }).S === 'string')
    return (value as { S: string }).S;
  return undefined;
}

function refOf(table: unknown, keySource: unknown, action: ItemRef['action']): ItemRef | undefined {
  if (typeof table !== 'string' || !keySource || typeof keySource !== 'object') return undefined;
  const source = keySource as Record<string, unknown>;
  const pk = keyPart(source[partitionKey]);
  const sk = keyPart(source[sortKey]);
  return pk !== undefined && sk !== undefined ? { table, key: { pk, sk }, action } : undefined;
}

/** The items a write command touches, or undefined when the model does not cover the command. */
export function writtenItems(operation: string, input: Record<string, unknown>): ItemRef[] | undefined {
  const single = (ref: ItemRef | undefined) => (ref ? [ref] : undefined);
  if (operation === 'PutItem') return single(refOf(input.TableName, input.Item, 'put'));
  if (operation === 'UpdateItem') return single(refOf(input.TableName, input.Key, 'update'));
  if (operation === 'DeleteItem') return single(refOf(input.TableName, input.Key, 'delete'));
  if (operation !== 'TransactWriteItems' || !Array.isArray(input.TransactItems)) return undefined;
  const refs: ItemRef[] = [];
  for (const entry of input.TransactItems as Record<string, Record<string, unknown> | undefined>[]) {
    const ref = entry.Put
      ? refOf(entry.Put.TableName, entry.Put.Item, 'put')
      : entry.Update
        ? refOf(entry.Update.TableName, entry.Update.Key, 'update')
        : entry.Delete
          ? refOf(entry.Delete.TableName, entry.Delete.Key, 'delete')
          : entry.ConditionCheck
            ? refOf(entry.ConditionCheck.TableName, entry.ConditionCheck.Key, 'check')
            : null;
    if (ref === undefined) return undefined;
    if (ref) refs.push(ref);
  }
  return refs;
}

export interface ModelledWrite {
  tableWcu: number;
  indexWcu: number;
}

function indexWrites(before: Item | undefined, after: Item | undefined): number {
  let total = 0;
  for (const index of globalSecondaryIndexes) {
    const keyOf = (item: Item | undefined) => {
      const pk = item?.[index.partitionKey]?.S;
      const sk = item?.[index.sortKey]?.S;
      return pk !== undefined && sk !== undefined ? `${pk}\u0000${sk}` : undefined;
    };
    const was = keyOf(before);
    const is = keyOf(after);
    if (was === undefined && is === undefined) continue;
    if (was === undefined) total += units(itemSize(after as Item));
    else if (is === undefined) total += units(itemSize(before as Item));
    else if (was !== is) total += units(itemSize(before as Item)) + units(itemSize(after as Item));
    else if (JSON.stringify(before) !== JSON.stringify(after)) total += units(itemSize(after as Item));
  }
  return total;
}

/** Reads items around a write with a client of its own, so these reads are neither recorded nor billed to a route. */
export function createWriteModel() {
  const client = new DynamoDBClient({});
  const read = async (ref: ItemRef) => {
    const result = await client.send(
      new GetItemCommand({
        TableName: ref.table,
        Key: { [partitionKey]: { S: ref.key.pk }, [sortKey]: { S: ref.key.sk } },
        ConsistentRead: true,
      }),
    );
    return result.Item;
  };
  return {
    snapshot: (refs: ItemRef[]) => Promise.all(refs.map(read)),
    /** The WCU of a successful write, from the items before and after it. */
    async succeeded(
      operation: string,
      refs: ItemRef[],
      before: (Item | undefined)[],
    ): Promise<ModelledWrite> {
      // A ConditionCheck changes nothing: its "after" is its "before", which also keeps the indexes out of it.
      const after = await Promise.all(
        refs.map((ref, i) =>
          ref.action === 'delete' ? undefined : ref.action === 'check' ? before[i] : read(ref),
        ),
      );
      const multiplier = operation === 'TransactWriteItems' ? 2 : 1;
      let tableWcu = 0;
      let indexWcu = 0;
      refs.forEach((_, i) => {
        const old = before[i];
        const now = after[i];
        tableWcu += multiplier * units(Math.max(old ? itemSize(old) : 0, now ? itemSize(now) : 0));
        indexWcu += indexWrites(old, now);
      });
      return { tableWcu, indexWcu };
    },
    /** A single write refused by its condition: billed on the existing item's size. */
    refused: (before: (Item | undefined)[]): ModelledWrite => ({
      tableWcu: before.reduce((sum, item) => sum + units(item ? itemSize(item) : 0), 0),
      indexWcu: 0,
    }),
    destroy: () => client.destroy(),
  };
}
