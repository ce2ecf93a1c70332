import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type IssuedLinkToken,
  issuedLinkTokens,
  legacyTokenAsIssued,
  withIssuedToken,
} from '../domain/link-tokens';
import { documentClient } from './client';
import { getItem, tableName } from './items';

/** Where an item keeps its link tokens (`shared/domain/link-tokens.ts`). */
export interface LinkTokenSlot {
  /** The list of issued hashes, newest first. */
  attribute: string;
  /** The raw token items from before hashing hold, replaced by its hash on first write. */
  legacyAttribute: string;
  /** How many entries stay live. */
  keep: number;
}

const ATTEMPTS = 5;

/** The item's hashes as stored (without its legacy raw token). */
const storedTokens = (item: Record<string, unknown>, slot: LinkTokenSlot): IssuedLinkToken[] => {
  const parsed = issuedLinkTokens.safeParse(item[slot.attribute]);
  return parsed.success ? parsed.data : [];
};

/**
 * Adds a freshly issued token's hash to an item's list (`add`), or with no `add` only replaces a
 * legacy raw token by its hash; either way the raw token is removed in the same write.
 *
 * Read, then written on condition that the list's newest entry (and the legacy token) are still
 * what was read: every issue prepends a new random hash, so a concurrent issue changes the head
 * and this one reads again rather than dropping the other's token. `accept` may refuse the item
 * as read (a stopped subscription gets no new link). `gone`: no such item.
 */
export async function writeLinkTokens(
  key: { pk: string; sk: string },
  slot: LinkTokenSlot,
  change: { add?: IssuedLinkToken; accept?: (item: Record<string, unknown>) => boolean } = {},
): Promise<'written' | 'unchanged' | 'refused' | 'gone'> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const item = await getItem(key, { consistentRead: true });
    if (!item) return 'gone';
    if (change.accept && !change.accept(item)) return 'refused';
    const stored = storedTokens(item, slot);
    const legacy =
      typeof item[slot.legacyAttribute] === 'string' ? (item[slot.legacyAttribute] as string) : undefined;
    if (!change.add && legacy === undefined) return 'unchanged';
    const current = [...stored, ...legacyTokenAsIssued(legacy, String(item.createdAt ?? ''))];
    const next = change.add ? withIssuedToken(current, change.add, slot.keep) : current.slice(0, slot.keep);
    const [head] = stored;
    try {
      await documentClient.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: key,
          UpdateExpression: `SET #tokens = :next${legacy === undefined ? '' : ' REMOVE #legacy'}`,
          ConditionExpression: [
            'attribute_exists(pk)',
            head ? '#tokens[0].#hash = :head' : '(attribute_not_exists(#tokens) OR size(#tokens) = :zero)',
            legacy === undefined ? 'attribute_not_exists(#legacy)' : '#legacy = :legacy',
          ].join(' AND '),
          ExpressionAttributeNames: {
            '#tokens': slot.attribute,
            '#legacy': slot.legacyAttribute,
            ...(head ? { '#hash': 'hash' } : {}),
          },
          ExpressionAttributeValues: {
            ':next': next,
            ...(head ? { ':head': head.hash } : { ':zero': 0 }),
            ...(legacy === undefined ? {} : { ':legacy': legacy }),
          },
        }),
      );
      return 'written';
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
    }
  }
  throw new Error(`The link tokens of ${key.pk} kept changing while a new one was added.`);
}
