import { randomUUID } from 'node:crypto';
import type { SeatedKind } from '../../events/volunteering';
import { runtimeConfig } from '../../shared/config/runtime';
import {
  deleteIfGuardHolds,
  type PersonalDataGuard,
  personalDataGuardCondition,
  updateIfStill,
} from '../../shared/db/conditional-writes';
import { getItem, tableName } from '../../shared/db/items';
import { volunteeringKeys as keys, personIndexPartition } from '../../shared/db/keys';
import { queryAll } from '../../shared/db/query';
import { includingExpired } from '../../shared/db/retention-filter';
import { transactWrite } from '../../shared/db/transact';
import type { Erasure, Person, PersonalDataHolder, RetentionDue } from '../../shared/privacy/person';
import { parseClaim, parseHoursEntry, parseVolunteer } from './dynamo-items';
import { releaseSeat } from './dynamo-seats';
import { volunteerIdFor } from './identity';
import { erasureCancels, volunteeringRecords } from './personal-records';

/**
 * Volunteering's side of a resident's privacy (`PersonalDataHolder`): export, erasure and the end
 * of retention of the items the person index (gsi3, `VOLUNTEERING#PERSON#<hash>`) lists: the
 * profile, sign-ups and enrolments, seat holders and hours entries.
 *
 * What must stay for the figures stays under an anonymous volunteer ID: hours entries (the
 * month's verified hours, gsi1) and the profile's verified minutes move to it, sign-ups and
 * enrolments point to it (gsi2); contact, skills, notes, cancel and confirmation token hashes, the
 * keyed hash and the retention attributes go. The activities' seat and outcome counters are never
 * touched, except by the ordinary cancellation of a claim an erasure cancels (`erasureCancels`).
 */

type Item = Record<string, unknown>;

const claimKinds: Record<string, SeatedKind> = { Signup: 'shift', Enrolment: 'training' };

/** The anonymous volunteer ID an erasure moves a person's items to: random, as `erasedAs` is. */
export const erasedVolunteerId = (erasedAs: string) => volunteerIdFor(`ERASED#${erasedAs}`);

/** Attributes that name or describe the person, removed from whatever stays. */
const personal = [
  'contact',
  'skills',
  'trainedSkills',
  'note',
  'participantHash',
  'gsi3pk',
  'gsi3sk',
  'expiresAt',
  'retention',
  'cancelTokens',
  'cancelToken',
  'tokenHash',
];

const without = (item: Item, names: readonly string[]): Item =>
  Object.fromEntries(Object.entries(item).filter(([name]) => !names.includes(name)));

/** Every item of the person's gsi3 partition (a person's history: tens of items). */
const itemsOf = (participantHash: string) =>
  queryAll({ index: 'gsi3', partition: personIndexPartition('volunteering', participantHash) });

/** Where the anonymous items go: the volunteer ID, and the seat holder's key name. */
interface Anonymous {
  volunteerId: string;
  holderAs: string;
}

/** Moves an item to another key without its personal attributes: one transaction, guarded. */
async function move(
  item: Item,
  to: { pk: string; sk: string },
  set: Item,
  guard: PersonalDataGuard,
): Promise<void> {
  const { condition, names, values } = personalDataGuardCondition(guard);
  await transactWrite([
    {
      Delete: {
        TableName: tableName(),
        Key: { pk: item.pk, sk: item.sk },
        ConditionExpression: condition,
        ...(names ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
      },
    },
    {
      Put: {
        TableName: tableName(),
        Item: { ...without(item, personal), ...set, ...to },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ]);
}

/** Anonymises one item in place (claims) or under the anonymous IDs (profile, hours, seat holder). */
async function anonymise(item: Item, as: Anonymous, guard: PersonalDataGuard, claimsById: Map<string, Item>) {
  const type = String(item.type);
  const { condition, names, values } = personalDataGuardCondition(guard);
  const kind = claimKinds[type];
  if (kind) {
    const index = keys.claimOfVolunteer(kind, as.volunteerId, String(item.claimId));
    await updateIfStill({
      TableName: tableName(),
      Key: { pk: item.pk, sk: item.sk },
      UpdateExpression: `SET volunteerId = :volunteerId, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk REMOVE ${personal.map((_, i) => `#p${i}`).join(', ')}`,
      ConditionExpression: condition,
      ExpressionAttributeNames: {
        ...names,
        ...Object.fromEntries(personal.map((name, i) => [`#p${i}`, name])),
      },
      ExpressionAttributeValues: {
        ...values,
        ':volunteerId': as.volunteerId,
        ':gsi2pk': index.gsi2pk,
        ':gsi2sk': index.gsi2sk,
      },
    });
    // Still waiting (an activity long past, at the end of retention): its place names the ID too.
    if (item.status === 'waitlisted' && typeof item.ticket === 'number')
      await updateIfStill({
        TableName: tableName(),
        Key: keys.waitingEntry(kind, String(item.activityId), item.ticket),
        UpdateExpression: 'SET volunteerId = :volunteerId',
        ConditionExpression: 'claimId = :claimId',
        ExpressionAttributeValues: { ':volunteerId': as.volunteerId, ':claimId': item.claimId },
      });
    return;
  }
  switch (type) {
    case 'Volunteer':
      // Commitments name the person's activities and times; the verified minutes stay.
      return move(
        item,
        keys.volunteer(as.volunteerId),
        { volunteerId: as.volunteerId, commitments: {} },
        guard,
      );
    case 'HoursEntry':
      return move(
        item,
        keys.hoursEntry(as.volunteerId, String(item.entryId)),
        { volunteerId: as.volunteerId },
        guard,
      );
    case 'SeatHolder': {
      // Keeps "one seat holder per seat" under the anonymous name; without its claim (gone or
      // already anonymous) the marker stops nobody, so it goes.
      const claim = claimsById.get(String(item.claimId));
      const kindOfClaim = claim ? claimKinds[String(claim.type)] : undefined;
      if (claim && kindOfClaim)
        return move(
          item,
          keys.seatHolder(kindOfClaim, String(claim.activityId), `ERASED#${as.holderAs}`),
          {},
          guard,
        );
      return remove(item, guard);
    }
    default:
      throw new Error(`Volunteering holds no personal data of type ${type}`);
  }
}

const remove = (item: Item | RetentionDue, guard: PersonalDataGuard) => deleteIfGuardHolds(item, guard);

/**
 * Seat holders first (their new key names the activity, which their claim tells), the profile
 * last: a retry after a failure midway still finds the rest through gsi3.
 */
const erasureOrder = (item: Item) => (item.type === 'SeatHolder' ? 0 : item.type === 'Volunteer' ? 2 : 1);

export const volunteeringPersonalDataHolder: PersonalDataHolder = {
  context: 'volunteering',

  // Volunteering's events name people by their volunteer ID (derived from the keyed identity).
  eventIdentifiersOf: (person: Person) => [volunteerIdFor(person.participantHash)],

  async personalDataOf(person: Person) {
    const items = await itemsOf(person.participantHash);
    const ofType = (...types: string[]) => items.filter((item) => types.includes(String(item.type)));
    return volunteeringRecords(
      {
        volunteers: ofType('Volunteer').map(parseVolunteer),
        claims: ofType('Signup', 'Enrolment').map(parseClaim),
        hours: ofType('HoursEntry').map(parseHoursEntry),
      },
      runtimeConfig().LOCALES[0] ?? 'en',
    );
  },

  async erasePerson(person: Person, { erasedAs, now }: Erasure) {
    await includingExpired(async () => {
      // First what the person still waits for or holds ahead: cancelled as they could cancel it.
      for (const item of await itemsOf(person.participantHash)) {
        if (!claimKinds[String(item.type)]) continue;
        const claim = parseClaim(item);
        if (erasureCancels(claim, now))
          await releaseSeat(claim.kind, claim.claimId, 'volunteer', now.toISOString());
      }
      const items = await itemsOf(person.participantHash);
      const claimsById = new Map(
        items.filter((item) => claimKinds[String(item.type)]).map((item) => [String(item.claimId), item]),
      );
      const as = { volunteerId: erasedVolunteerId(erasedAs), holderAs: erasedAs };
      const guard = { participantHash: person.participantHash };
      for (const item of [...items].sort((a, b) => erasureOrder(a) - erasureOrder(b)))
        await anonymise(item, as, guard, claimsById);
    });
  },

  async applyRetention(due: readonly RetentionDue[], _now: Date) {
    await includingExpired(async () => {
      for (const entry of due) {
        const guard = { expiresAt: entry.expiresAt };
        if (entry.retention === 'delete' || entry.type === 'SeatHolder') {
          await remove(entry, guard);
          continue;
        }
        const item = await getItem({ pk: entry.pk, sk: entry.sk }, { consistentRead: true });
        if (!item || item.expiresAt !== entry.expiresAt || item.retention === undefined) continue;
        // Each item its own anonymous ID: what ends its retention apart is not linked again.
        const anonymousAs = randomUUID();
        await anonymise(
          item,
          { volunteerId: erasedVolunteerId(anonymousAs), holderAs: anonymousAs },
          guard,
          new Map(),
        );
      }
    });
  },
};
