import { runtimeConfig } from '../../shared/config/runtime';
import {
  deleteIfGuardHolds,
  type PersonalDataGuard,
  personalDataGuardCondition,
  updateIfStill,
} from '../../shared/db/conditional-writes';
import { getItem, tableName } from '../../shared/db/items';
import { personIndexPartition } from '../../shared/db/keys';
import { queryAll } from '../../shared/db/query';
import { includingExpired } from '../../shared/db/retention-filter';
import { isActive } from '../../shared/domain/seats/rules';
import type { Person, PersonalDataHolder, RetentionDue } from '../../shared/privacy/person';
import { attendanceItemTypes, parseWalkIn } from './dynamo-batch-intake';
import { parseRegistration } from './dynamo-items';
import { itemTypes, releaseSeat } from './dynamo-seats';
import type { StoredRegistration } from './store';

/**
 * Meetings' side of a resident's privacy: export, erasure and the end of retention of the items the
 * person index (gsi3, `MEETINGS#PERSON#<hash>`) lists — registrations, walk-ins from sign-in
 * sheets and one-per-person markers. A registration or walk-in stays for the meeting's counts
 * (seats, attendance) without contact, accommodation requests and answers, tokens or keyed
 * identity; the markers go. The meeting's counters are
 * never touched, except by the ordinary cancellation of a place an erasure gives up.
 */

type Item = Record<string, unknown>;

/** Attributes that name or describe the person, removed from a registration that stays. */
const personal = [
  'contact',
  'accommodations',
  'accommodationAnswer',
  'participantHash',
  'gsi3pk',
  'gsi3sk',
  'expiresAt',
  'retention',
  'cancelTokens',
  'tokenHash',
];

/** Items that stay anonymised (they count); every other item of the person is deleted. */
const kept = new Set([itemTypes.registration, attendanceItemTypes.walkIn]);

const itemsOf = (participantHash: string) =>
  queryAll({ index: 'gsi3', partition: personIndexPartition('meetings', participantHash) });

async function anonymise(item: Item | RetentionDue, guard: PersonalDataGuard): Promise<void> {
  const { condition, names, values } = personalDataGuardCondition(guard);
  await updateIfStill({
    TableName: tableName(),
    Key: { pk: item.pk, sk: item.sk },
    UpdateExpression: `REMOVE ${personal.map((_, i) => `#p${i}`).join(', ')}`,
    ConditionExpression: condition,
    ExpressionAttributeNames: {
      ...names,
      ...Object.fromEntries(personal.map((name, i) => [`#p${i}`, name])),
    },
    ExpressionAttributeValues: values,
  });
}

const remove = (item: Item | RetentionDue, guard: PersonalDataGuard) => deleteIfGuardHolds(item, guard);

type Value = string | number | boolean | null;
const orNull = (value: string | number | undefined): Value => value ?? null;
const titleIn = (title: Record<string, string>, language: string) =>
  title[language] ?? Object.values(title)[0] ?? '';

/** A registration as the person reads it in their export: never a token, key or hash. */
const registrationRecord = (registration: StoredRegistration, language: string): Record<string, Value> => ({
  registrationId: registration.claimId,
  meetingId: registration.activityId,
  title: titleIn(registration.title, language),
  startsAt: registration.startsAt,
  endsAt: registration.endsAt,
  timeZone: registration.timeZone,
  status: registration.status,
  channel: registration.channel,
  name: registration.contact.name,
  email: registration.contact.email,
  phone: orNull(registration.contact.phone),
  consentToContact: registration.contact.consentToContact,
  interpreterLanguages: registration.accommodations?.interpreterLanguages?.join('; ') ?? null,
  signLanguage: registration.accommodations?.signLanguage ?? null,
  childcareChildren: orNull(registration.accommodations?.childcare?.children),
  stepFreeAccess: registration.accommodations?.stepFreeAccess ?? null,
  otherNeeds: orNull(registration.accommodations?.other),
  accommodationMet: registration.accommodationAnswer?.met ?? null,
  accommodationAnswer: orNull(registration.accommodationAnswer?.message),
  registeredAt: registration.createdAt,
  confirmedAt: orNull(registration.confirmedAt),
  cancelledAt: orNull(registration.cancelledAt),
  attendedAt: orNull(registration.attendedAt),
});

export const meetingsPersonalDataHolder: PersonalDataHolder = {
  context: 'meetings',

  async personalDataOf(person: Person) {
    const language = runtimeConfig().LOCALES[0] ?? 'en';
    const items = await itemsOf(person.participantHash);
    const registrations = items.filter((item) => item.type === itemTypes.registration).map(parseRegistration);
    const walkIns = items.filter((item) => item.type === attendanceItemTypes.walkIn).map(parseWalkIn);
    return [
      ...(registrations.length === 0
        ? []
        : [
            {
              entity: itemTypes.registration,
              records: registrations.map((r) => registrationRecord(r, language)),
            },
          ]),
      ...(walkIns.length === 0
        ? []
        : [
            {
              entity: attendanceItemTypes.walkIn,
              records: walkIns.map(
                (walkIn): Record<string, Value> => ({
                  attendanceId: walkIn.attendanceId,
                  meetingId: walkIn.meetingId,
                  name: walkIn.contact?.name ?? null,
                  email: walkIn.contact?.email ?? null,
                  phone: orNull(walkIn.contact?.phone),
                  attendedAt: walkIn.attendedAt,
                  channel: walkIn.channel,
                }),
              ),
            },
          ]),
    ];
  },

  async erasePerson(person: Person, { now }) {
    await includingExpired(async () => {
      // A place at a meeting still ahead is given up, as the person could: the next person waiting gets it.
      for (const item of await itemsOf(person.participantHash)) {
        if (item.type !== itemTypes.registration) continue;
        const registration = parseRegistration(item);
        if (isActive(registration.status) && Date.parse(registration.startsAt) > now.getTime())
          await releaseSeat(
            'meeting',
            registration.claimId,
            now.toISOString(),
            { cancelledBy: 'registrant' },
            { cancelledBy: 'registrant' },
          );
      }
      const guard = { participantHash: person.participantHash };
      for (const item of await itemsOf(person.participantHash)) {
        if (kept.has(item.type as string)) await anonymise(item, guard);
        else await remove(item, guard);
      }
    });
  },

  async applyRetention(due: readonly RetentionDue[], _now: Date) {
    await includingExpired(async () => {
      for (const entry of due) {
        const guard = { expiresAt: entry.expiresAt };
        if (entry.retention === 'delete') {
          await remove(entry, guard);
          continue;
        }
        const item = await getItem({ pk: entry.pk, sk: entry.sk }, { consistentRead: true });
        if (!item || item.expiresAt !== entry.expiresAt || item.retention === undefined) continue;
        await anonymise(item, guard);
      }
    });
  },
};
