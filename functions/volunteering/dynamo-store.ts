import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SeatedKind } from '../../events/volunteering';
import { batchGetAll } from '../../shared/db/batch';
import { documentClient } from '../../shared/db/client';
import { getItem, tableName } from '../../shared/db/items';
import { volunteeringKeys as keys } from '../../shared/db/keys';
import { type LinkTokenSlot, writeLinkTokens } from '../../shared/db/link-tokens';
import { queryAll, queryPage } from '../../shared/db/query';
import { transactWrite } from '../../shared/db/transact';
import { LIVE_CANCEL_LINKS } from '../../shared/domain/link-tokens';
import { parseActivity, parseClaim, parseHoursEntry, parseOpportunity } from './dynamo-items';
import { personalAttributes } from './dynamo-person-keys';
import {
  changeCapacity,
  claimSeat,
  claimStatusUpdate,
  confirmHold,
  eventPut,
  holdsDue,
  itemTypes,
  lapseHold,
  readActivity,
  readClaim,
  readVolunteer,
  releaseSeat,
  renewHoldToken,
  waitlistPosition,
} from './dynamo-seats';
import type { MailMark, StoredActivity, StoredClaim, StoredHoursEntry, VolunteeringStore } from './store';
import { localDay, localDaysTouched, localMonth, utcInstant } from './time';

type TransactItems = Parameters<typeof transactWrite>[0];

const activityListKeys = (activity: StoredActivity) =>
  activity.kind === 'shift'
    ? keys.shiftOfOpportunity(
        activity.opportunityId ?? '',
        utcInstant(activity.startsAt),
        activity.activityId,
      )
    : keys.trainingSessionList(utcInstant(activity.startsAt), activity.activityId);

const outcome = <T extends string>(ok: boolean, claim: StoredClaim, refused: T) =>
  ok ? ({ outcome: 'changed', claim } as const) : ({ outcome: refused } as const);

/** The volunteering store on the single table; key shapes are in `shared/db/keys.ts` (`volunteeringKeys`). */
/** Where a claim keeps its cancel links' hashes (`cancelToken`: the raw one of claims from before hashing). */
const cancelLinks: LinkTokenSlot = {
  attribute: 'cancelTokens',
  legacyAttribute: 'cancelToken',
  keep: LIVE_CANCEL_LINKS,
};

export const dynamoVolunteeringStore: VolunteeringStore = {
  async putOpportunity(opportunity) {
    const result = await transactWrite([
      {
        Put: {
          TableName: tableName(),
          Item: {
            ...keys.opportunity(opportunity.opportunityId),
            ...keys.opportunityList(opportunity.opportunityId, opportunity.initiativeId),
            type: 'Opportunity',
            ...opportunity,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...opportunity.skills.map((skill) => ({
        Put: {
          TableName: tableName(),
          Item: {
            ...keys.opportunitySkill(opportunity.opportunityId, skill),
            type: 'OpportunitySkill',
            opportunityId: opportunity.opportunityId,
            initiativeId: opportunity.initiativeId,
            skill,
          },
        },
      })),
    ]);
    if (!result.ok) throw new Error('A new opportunity collided with an existing ID');
  },
  async getOpportunity(opportunityId) {
    const item = await getItem(keys.opportunity(opportunityId));
    return item ? parseOpportunity(item) : undefined;
  },
  listOpportunities: ({ initiativeId }, page) =>
    initiativeId
      ? queryPage(
          {
            index: 'gsi2',
            partition: keys.opportunitiesOfInitiativePartition(initiativeId),
            sortKeyBeginsWith: keys.opportunitiesOfInitiativePrefix(),
          },
          page,
          parseOpportunity,
        )
      : queryPage({ index: 'gsi1', partition: keys.opportunityListPartition() }, page, parseOpportunity),
  async opportunitiesWantingSkills(skills) {
    const matches = new Map<string, { initiativeId: string; skills: string[] }>();
    const perSkill = await Promise.all(
      skills.map(async (skill) => ({
        skill,
        items: await queryAll({ index: 'gsi1', partition: keys.opportunitySkillPartition(skill) }),
      })),
    );
    for (const { skill, items } of perSkill) {
      for (const item of items) {
        const opportunityId = String(item.opportunityId);
        const match = matches.get(opportunityId) ?? { initiativeId: String(item.initiativeId), skills: [] };
        match.skills.push(skill);
        matches.set(opportunityId, match);
      }
    }
    return matches;
  },
  getOpportunities: (opportunityIds) =>
    batchGetAll(
      opportunityIds.map((id) => keys.opportunity(id)),
      parseOpportunity,
    ),

  async putActivity(activity, cityTimeZone) {
    const startsAt = utcInstant(activity.startsAt);
    await documentClient.send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...keys.seated(activity.kind, activity.activityId),
          ...activityListKeys(activity),
          ...keys.seatedOnDay(activity.kind, localDay(startsAt, cityTimeZone), startsAt, activity.activityId),
          type: itemTypes[activity.kind].activity,
          ...activity,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  },
  getActivity: readActivity,
  listShifts: (opportunityId, page) =>
    queryPage(
      { index: 'gsi1', partition: keys.shiftsOfOpportunityPartition(opportunityId) },
      page,
      parseActivity,
    ),
  listTrainingSessions: (page) =>
    queryPage({ index: 'gsi1', partition: keys.trainingSessionListPartition() }, page, parseActivity),

  claimSeat,
  releaseSeat,
  changeCapacity,
  confirmHold,
  lapseHold,
  holdsDue,
  renewHoldToken,
  async issueCancelToken(kind, claimId, issued) {
    return (await writeLinkTokens(keys.claim(kind, claimId), cancelLinks, { add: issued })) === 'written';
  },
  async hashStoredCancelToken(kind, claimId) {
    await writeLinkTokens(keys.claim(kind, claimId), cancelLinks);
  },
  getClaim: readClaim,
  waitlistPosition,
  listRoster: (kind, activityId, status, page) =>
    queryPage(
      {
        index: 'gsi1',
        partition: keys.claimRosterPartition(kind, activityId),
        ...(status ? { sortKeyBeginsWith: { gsi1sk: `${status}#` } } : {}),
      },
      page,
      parseClaim,
    ),

  async checkIn(claim, at, event) {
    const result = await transactWrite([
      claimStatusUpdate(
        claim,
        'confirmed',
        'confirmed',
        { checkedInAt: at },
        'attribute_not_exists(checkedInAt)',
      ),
      activityCounter(claim.kind, claim.activityId, 'attended', 1),
      eventPut(event),
    ]);
    return outcome(result.ok, { ...claim, checkedInAt: at }, 'changed-concurrently');
  },

  async checkOut(claim, at, entry, cityTimeZone, event) {
    const minutes = entry.minutes;
    const result = await transactWrite([
      claimStatusUpdate(
        claim,
        'confirmed',
        'confirmed',
        { checkedOutAt: at, minutes },
        'attribute_exists(checkedInAt) AND attribute_not_exists(checkedOutAt)',
      ),
      hoursEntryPut(entry, cityTimeZone, claim.participantHash),
      volunteerMinutes(claim.volunteerId, minutes),
      activityCounter(claim.kind, claim.activityId, 'verifiedMinutes', minutes),
      eventPut(event),
    ]);
    return outcome(result.ok, { ...claim, checkedOutAt: at, minutes }, 'changed-concurrently');
  },

  async markNoShow(claim, at, event) {
    const result = await transactWrite([
      claimStatusUpdate(claim, 'confirmed', 'no-show', { noShowAt: at }, 'attribute_not_exists(checkedInAt)'),
      activityCounter(claim.kind, claim.activityId, 'noShows', 1),
      eventPut(event),
    ]);
    return outcome(result.ok, { ...claim, status: 'no-show', noShowAt: at }, 'changed-concurrently');
  },

  async completeTraining(claim, skills, at, event) {
    const items: TransactItems = [
      claimStatusUpdate(claim, 'confirmed', 'completed', { completedAt: at }),
      activityCounter(claim.kind, claim.activityId, 'completed', 1),
      eventPut(event),
    ];
    if (skills.length > 0) {
      items.push({
        Update: {
          TableName: tableName(),
          Key: keys.volunteer(claim.volunteerId),
          UpdateExpression: 'ADD skills :skills, trainedSkills :skills',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':skills': new Set(skills) },
        },
      });
    }
    const result = await transactWrite(items);
    return outcome(result.ok, { ...claim, status: 'completed', completedAt: at }, 'changed-concurrently');
  },

  async activitiesStartingBetween(kind, from, to, cityTimeZone) {
    const [fromUtc, toUtc] = [utcInstant(from), utcInstant(to)];
    const perDay = await Promise.all(
      localDaysTouched(fromUtc, toUtc, cityTimeZone).map((day) =>
        queryAll({
          index: 'gsi2',
          partition: keys.seatedOnDayPartition(kind, day),
          // `~` sorts after every ID character: strictly after `from`, up to and including `to`.
          sortKeyBetween: [`${fromUtc}#~`, `${toUtc}#~`],
        }),
      ),
    );
    return perDay.flat().map(parseActivity);
  },
  async markMailed(kind, claimId, what) {
    try {
      await documentClient.send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...mailMark(kind, claimId, what), type: 'MailSent', at: new Date().toISOString() },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  },
  async unmarkMailed(kind, claimId, what) {
    await documentClient.send(
      new DeleteCommand({ TableName: tableName(), Key: mailMark(kind, claimId, what) }),
    );
  },

  getVolunteer: readVolunteer,
  async listVolunteerClaims(volunteerId) {
    const items = await queryAll({ index: 'gsi2', partition: keys.volunteerClaimsPartition(volunteerId) });
    return items.map(parseClaim);
  },
  async listHoursEntries(volunteerId) {
    const items = await queryAll({
      partition: { pk: keys.volunteer(volunteerId).pk },
      sortKeyBeginsWith: keys.hoursEntryPrefix(),
    });
    return items.map(parseHoursEntry);
  },
  async addHoursEntry(entry) {
    // The keyed identity comes from the profile, so the person index finds the entry too.
    const volunteer = await readVolunteer(entry.volunteerId);
    if (!volunteer) throw new Error(`No volunteer ${entry.volunteerId} for a new hours entry`);
    const key = keys.hoursEntry(entry.volunteerId, entry.entryId);
    await documentClient.send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...key,
          type: 'HoursEntry',
          ...entry,
          ...personalAttributes({ type: 'HoursEntry', ...key }, volunteer.participantHash, entry.enteredAt),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  },
  async getHoursEntry(volunteerId, entryId) {
    const item = await getItem(keys.hoursEntry(volunteerId, entryId));
    return item ? parseHoursEntry(item) : undefined;
  },
  async verifyHoursEntry(entry, verifiedBy, at, cityTimeZone, event) {
    const index = keys.verifiedHours(
      localMonth(entry.startedAt, cityTimeZone),
      utcInstant(entry.startedAt),
      entry.entryId,
    );
    const result = await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: keys.hoursEntry(entry.volunteerId, entry.entryId),
          UpdateExpression:
            'SET #status = :verified, verifiedBy = :by, verifiedAt = :at, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk',
          ConditionExpression: '#status = :unverified',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':verified': 'verified',
            ':unverified': 'unverified',
            ':by': verifiedBy,
            ':at': at,
            ':gsi1pk': index.gsi1pk,
            ':gsi1sk': index.gsi1sk,
          },
        },
      },
      volunteerMinutes(entry.volunteerId, entry.minutes),
      eventPut(event),
    ]);
    return result.ok ? 'verified' : 'changed-concurrently';
  },
};

const mailMark = (kind: SeatedKind, claimId: string, what: MailMark) =>
  what === 'reminder' ? keys.claimReminded(kind, claimId) : keys.claimMailSent(kind, claimId, what.eventId);

function activityCounter(kind: SeatedKind, activityId: string, counter: string, amount: number) {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.seated(kind, activityId),
      UpdateExpression: 'SET #counter = #counter + :amount',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#counter': counter },
      ExpressionAttributeValues: { ':amount': amount },
    },
  };
}

function volunteerMinutes(volunteerId: string, minutes: number) {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.volunteer(volunteerId),
      UpdateExpression: 'ADD verifiedMinutes :minutes',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':minutes': minutes },
    },
  };
}

/** A verified entry (attendance) goes straight into the month's verified-hours index. */
function hoursEntryPut(entry: StoredHoursEntry, cityTimeZone: string, participantHash: string) {
  const key = keys.hoursEntry(entry.volunteerId, entry.entryId);
  return {
    Put: {
      TableName: tableName(),
      Item: {
        ...key,
        ...personalAttributes({ type: 'HoursEntry', ...key }, participantHash, entry.enteredAt),
        ...(entry.status === 'verified'
          ? keys.verifiedHours(
              localMonth(entry.startedAt, cityTimeZone),
              utcInstant(entry.startedAt),
              entry.entryId,
            )
          : {}),
        type: 'HoursEntry',
        ...entry,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}
