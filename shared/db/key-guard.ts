import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { matchesKeyPattern, type TableKeyPolicy } from '../access/key-spaces';

/**
 * The local stand-in for IAM's `dynamodb:LeadingKeys` conditions. DynamoDB Local checks no
 * permissions, so on this machine a function could read another context's items and only the
 * cloud would refuse. When the local stack gives a function `TABLE_KEY_POLICY` (the same policy
 * CDK turns into its role, `tableKeyPolicy` in `key-spaces.ts`), every request's partition keys
 * are checked against it before it is sent, and a request IAM would refuse fails the same way.
 */

type Access = 'read' | 'write';

/** A partition key value a request touches, and whether it reads or writes there. */
interface Touch {
  access: Access;
  value: string | undefined;
}

type Attribute = { S?: string } | string | undefined;
type KeyLike = Record<string, Attribute> | undefined;

/** An attribute as the low-level client carries it (`{ S: … }`), or as the document client would. */
function stringOf(attribute: Attribute): string | undefined {
  if (typeof attribute === 'string') return attribute;
  return attribute?.S;
}

const partitionOf = (key: KeyLike) => stringOf(key?.pk);

/** The partition value a Query names: the table's `pk`, or the index's own (`gsi1` → `gsi1pk`). */
function queriedPartition(input: Record<string, unknown>): string | undefined {
  const attribute = typeof input.IndexName === 'string' ? `${input.IndexName}pk` : 'pk';
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (input.ExpressionAttributeValues ?? {}) as Record<string, Attribute>;
  const condition = String(input.KeyConditionExpression ?? '');
  for (const [, name, placeholder] of condition.matchAll(/([#\w]+)\s*=\s*(:\w+)/g)) {
    const resolved = name?.startsWith('#') ? names[name] : name;
    if (resolved === attribute) return stringOf(values[placeholder as string]);
  }
  return undefined;
}

/** The partitions one command touches; `undefined` for a command no policy allows (Scan, table admin). */
export function touchesOf(command: string, input: Record<string, unknown>): Touch[] | undefined {
  switch (command) {
    case 'GetItemCommand':
      return [{ access: 'read', value: partitionOf(input.Key as KeyLike) }];
    case 'QueryCommand':
      return [{ access: 'read', value: queriedPartition(input) }];
    case 'PutItemCommand':
      return [{ access: 'write', value: partitionOf(input.Item as KeyLike) }];
    case 'UpdateItemCommand':
    case 'DeleteItemCommand':
      return [{ access: 'write', value: partitionOf(input.Key as KeyLike) }];
    case 'BatchGetItemCommand':
      return Object.values((input.RequestItems ?? {}) as Record<string, { Keys?: KeyLike[] }>).flatMap(
        (table) => (table.Keys ?? []).map((key) => ({ access: 'read' as const, value: partitionOf(key) })),
      );
    case 'BatchWriteItemCommand':
      return Object.values(
        (input.RequestItems ?? {}) as Record<
          string,
          { PutRequest?: { Item: KeyLike }; DeleteRequest?: { Key: KeyLike } }[]
        >,
      ).flatMap((requests) =>
        requests.map((request) => ({
          access: 'write' as const,
          value: partitionOf(request.PutRequest?.Item ?? request.DeleteRequest?.Key),
        })),
      );
    case 'TransactGetItemsCommand':
      return ((input.TransactItems ?? []) as { Get?: { Key: KeyLike } }[]).map((item) => ({
        access: 'read' as const,
        value: partitionOf(item.Get?.Key),
      }));
    case 'TransactWriteItemsCommand':
      return (
        (input.TransactItems ?? []) as {
          Put?: { Item: KeyLike };
          Update?: { Key: KeyLike };
          Delete?: { Key: KeyLike };
          ConditionCheck?: { Key: KeyLike };
        }[]
      ).map((item) =>
        item.ConditionCheck
          ? { access: 'read' as const, value: partitionOf(item.ConditionCheck.Key) }
          : {
              access: 'write' as const,
              value: partitionOf(item.Put?.Item ?? item.Update?.Key ?? item.Delete?.Key),
            },
      );
    default:
      return undefined;
  }
}

export class KeySpaceDeniedError extends Error {
  override readonly name = 'AccessDeniedException';
}

/** Throws as IAM would refuse the command under `policy`; returns when every partition it touches is allowed. */
export function assertWithinPolicy(
  policy: TableKeyPolicy,
  command: string,
  input: Record<string, unknown>,
): void {
  // Only the functions that must read every item (migrations, the retention job) may scan.
  if (command === 'ScanCommand' && policy.scan) return;
  const touches = touchesOf(command, input);
  if (!touches)
    throw new KeySpaceDeniedError(
      `${command} is not allowed: a function may only use its context's partitions.`,
    );
  for (const touch of touches) {
    const allowed = policy[touch.access].some(
      (pattern) => touch.value !== undefined && matchesKeyPattern(touch.value, pattern),
    );
    if (!allowed)
      throw new KeySpaceDeniedError(
        `Not allowed to ${touch.access} partition ${touch.value ?? '(none named)'} with ${command}: it is outside this function's key space (dynamodb:LeadingKeys).`,
      );
  }
}

/** Checks every command the client sends against `policy` (build step: the input is final and marshalled). */
export function installKeyGuard(client: DynamoDBClient, policy: TableKeyPolicy): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      assertWithinPolicy(policy, String(context.commandName), args.input as Record<string, unknown>);
      return next(args);
    },
    { step: 'build', name: 'civicKeySpaceGuard' },
  );
}
