import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { deleteIfGuardHolds, deleteIfStill } from '../../shared/db/conditional-writes';
import { getItem, parseEntity, tableName } from '../../shared/db/items';
import { petitionsKeys as keys, personIndexPartition } from '../../shared/db/keys';
import { queryAll } from '../../shared/db/query';
import { includingExpired } from '../../shared/db/retention-filter';
import { transactWrite } from '../../shared/db/transact';
import type { RetentionAttributes } from '../../shared/privacy/retention';
import { itemTypes } from './dynamo-store';
import type { PetitionsPrivacyStore, SignerEntry, Signing } from './privacy';
import { signatureStatuses, storedSignature } from './schemas';

/**
 * Petitions' privacy store on the single table: the person index (gsi3) read, and one
 * conditional write (or one transaction) per change, each guarded by the person's keyed identity
 * (the signer key, the index partition) or by the retention the job found, so a second run finds
 * nothing left to do.
 */

/**
 * A signer item as stored (`dynamo-store.ts` writes it), its keys and TTL aside (`parseEntity`
 * leaves them out): the petition is its partition's, the retention's end its `expiresAt`.
 */
const storedSigner = z.object({
  signerKey: z.string(),
  signatureId: z.string(),
  status: z.enum(signatureStatuses),
  retention: z.enum(['delete', 'anonymise']).optional(),
});
const signerKeys = z.object({ pk: z.string().regex(/^PETITION#.+/), expiresAt: z.number().optional() });

/** A signer item with the retention it carries once counted (none while pending). */
type SignerItem = SignerEntry & { retention?: RetentionAttributes | undefined };

function parseSigner(item: Record<string, unknown>): SignerItem {
  const { signerKey, signatureId, status, retention } = parseEntity(storedSigner, item);
  const { pk, expiresAt } = signerKeys.parse(item);
  return {
    petitionId: pk.slice('PETITION#'.length),
    signerKey,
    signatureId,
    status,
    ...(retention && expiresAt !== undefined ? { retention: { expiresAt, retention } } : {}),
  };
}

const personPartition = (participantHash: string) =>
  personIndexPartition('petitions', participantHash).gsi3pk;

/** Attributes that name the person or link the signature to them: an erased signature keeps none. */
const personalAttributes = [
  'name',
  'email',
  'emailDomain',
  'ipHash',
  'participantHash',
  'tokenHash',
  'gsi3pk',
  'gsi3sk',
];

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The signature's personal fields go, its identity becomes the erased signer key; only while the person's and counted. */
function anonymisedSignature(
  signature: NonNullable<Signing['signature']>,
  erased: { signerKey: string; at: string },
) {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.signature(signature.signatureId),
      UpdateExpression: `SET signerKey = :erasedKey, erasedAt = :at, consentToHearAboutResponse = :no REMOVE ${personalAttributes.map((_, i) => `#p${i}`).join(', ')}`,
      ConditionExpression: 'signerKey = :signerKey AND #status <> :pending',
      ExpressionAttributeNames: {
        '#status': 'status',
        ...Object.fromEntries(personalAttributes.map((name, i) => [`#p${i}`, name])),
      },
      ExpressionAttributeValues: {
        ':erasedKey': erased.signerKey,
        ':at': erased.at,
        ':no': false,
        ':signerKey': signature.signerKey,
        ':pending': 'pending',
      },
    },
  } satisfies TransactItem;
}

/**
 * The signer item's move to the erased key: deleted under the person's key (while it still names
 * this signature), put back under the erased one with its status and retention, with no identity
 * and no person-index keys. None where the signing has no signer item (a paper signature without
 * an address).
 */
async function rekeyedSigner(
  signer: Pick<SignerEntry, 'petitionId' | 'signerKey' | 'signatureId'>,
  erasedKey: string,
): Promise<TransactItem[]> {
  const key = keys.signer(signer.petitionId, signer.signerKey);
  const current = await getItem(key, { consistentRead: true });
  if (!current) return [];
  const { status, signatureId, retention } = parseSigner(current);
  if (signatureId !== signer.signatureId) return [];
  return [
    {
      Delete: {
        TableName: tableName(),
        Key: key,
        ConditionExpression: 'signatureId = :signatureId AND #status = :status',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':signatureId': signatureId, ':status': status },
      },
    },
    {
      Put: {
        TableName: tableName(),
        Item: {
          ...keys.signer(signer.petitionId, erasedKey),
          type: itemTypes.signer,
          signerKey: erasedKey,
          signatureId,
          status,
          // Still deleted with the petition's other signer items when their retention ends.
          ...retention,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ];
}

export const dynamoPetitionsPrivacyStore: PetitionsPrivacyStore = {
  async itemsOf(participantHash) {
    const items = await queryAll({
      index: 'gsi3',
      partition: personIndexPartition('petitions', participantHash),
    });
    return {
      signatures: items
        .filter((item) => item.type === itemTypes.signature)
        .map((item) => parseEntity(storedSignature, item)),
      signers: items.filter((item) => item.type === itemTypes.signer).map(parseSigner),
    };
  },

  signature: (signatureId) =>
    getItem(keys.signature(signatureId), { consistentRead: true }).then((item) =>
      item ? parseEntity(storedSignature, item) : undefined,
    ),

  async petitionTitles(petitionIds) {
    const titles = new Map<string, string>();
    for (const petitionId of petitionIds) {
      const item = await getItem(keys.petition(petitionId));
      if (typeof item?.title === 'string') titles.set(petitionId, item.title);
    }
    return titles;
  },

  async deletePending({ signature, signer }, participantHash) {
    if (signature)
      await deleteIfStill({
        TableName: tableName(),
        Key: keys.signature(signature.signatureId),
        ConditionExpression: 'signerKey = :signerKey AND #status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':signerKey': signature.signerKey, ':pending': 'pending' },
      });
    if (signer)
      await deleteIfStill({
        TableName: tableName(),
        Key: keys.signer(signer.petitionId, signer.signerKey),
        ConditionExpression: 'gsi3pk = :person AND #status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':person': personPartition(participantHash), ':pending': 'pending' },
      });
  },

  async anonymiseCounted({ signature, signer }, erased) {
    // The signature names its signer item; the index's copy is the fallback when it is gone.
    const signerOf = signature ?? signer;
    const steps: TransactItem[] = [
      ...(signature ? [anonymisedSignature(signature, erased)] : []),
      ...(signerOf ? await rekeyedSigner(signerOf, erased.signerKey) : []),
    ];
    if (steps.length === 0) return;
    // A refused condition: erased already, or changed since it was read (a later run takes it up).
    await transactWrite(steps);
  },

  async deleteHousehold(petitionId, participantHash) {
    await deleteIfStill({
      TableName: tableName(),
      Key: keys.household(petitionId, participantHash),
      ConditionExpression: 'attribute_exists(pk)',
    });
  },

  async deleteDue(item) {
    await deleteIfGuardHolds(item, { expiresAt: item.expiresAt });
  },

  includingExpired,
};
