import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { MeetingAttended, MeetingRecordPublished, MeetingScheduled } from '../../events/meetings';
import { documentClient } from '../../shared/db/client';
import { unlessAlreadyDone } from '../../shared/db/conditional-writes';
import { tableName } from '../../shared/db/items';
import { meetingsKeys as keys } from '../../shared/db/keys';
import { type LinkTokenSlot, writeLinkTokens } from '../../shared/db/link-tokens';
import { filteredQueryPage, queryAll } from '../../shared/db/query';
import { eventPut } from '../../shared/db/seats/items';
import { transactWrite } from '../../shared/db/transact';
import { domainEvent } from '../../shared/domain/domain-event';
import { newId } from '../../shared/domain/ids';
import { LIVE_CANCEL_LINKS } from '../../shared/domain/link-tokens';
import { parseMeeting, parseRegistration } from './dynamo-items';
import {
  claimSeat,
  confirmHold,
  holdsDue,
  itemTypes,
  lapseHold,
  readClaim,
  readMeeting,
  releaseSeat,
  renewHoldToken,
  waitlistPosition,
} from './dynamo-seats';
import type { MeetingsStore } from './store';

const cancelLinks: LinkTokenSlot = {
  attribute: 'cancelTokens',
  legacyAttribute: 'cancelToken',
  keep: LIVE_CANCEL_LINKS,
};

/** Meetings in the single table (docs/data-model.md, patterns M1–M9). */
export const dynamoMeetingsStore: MeetingsStore = {
  async putMeeting(meeting) {
    const startsAt = new Date(meeting.startsAt).toISOString();
    const result = await transactWrite([
      {
        Put: {
          TableName: tableName(),
          Item: {
            ...keys.meeting(meeting.activityId),
            ...keys.meetingList(startsAt, meeting.activityId, meeting.initiativeId),
            type: itemTypes.meeting,
            // Sorted lists and the feed compare instants in UTC.
            startsAtUtc: startsAt,
            ...meeting,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      eventPut(
        domainEvent(MeetingScheduled, {
          eventId: newId(),
          occurredAt: meeting.createdAt,
          meetingId: meeting.activityId,
          engagementId: meeting.engagementId,
          initiativeId: meeting.initiativeId,
          startsAt,
          format: meeting.format,
        }),
      ),
    ]);
    if (!result.ok) throw new Error(`Meeting ${meeting.activityId} exists already.`);
  },

  getMeeting: (meetingId) => readMeeting('meeting', meetingId),

  /**
   * One key condition per list: every meeting by start (gsi1 `MEETINGS`), or one initiative's by
   * start (gsi2); the date range is the sort key's; engagement and feature are filters.
   */
  listMeetings(filter, page) {
    const partition = filter.initiativeId
      ? {
          name: 'gsi2pk',
          sort: 'gsi2sk',
          value: keys.meetingsOfInitiativePartition(filter.initiativeId).gsi2pk,
          index: 'gsi2',
        }
      : { name: 'gsi1pk', sort: 'gsi1sk', value: keys.meetingListPartition().gsi1pk, index: 'gsi1' };
    // `<instant>#<id>`: '#' sorts before every ID character and '~' after, so these bound the range.
    const from = filter.from ? `${filter.from}#` : undefined;
    const to = filter.to ? `${filter.to}#~` : undefined;
    const sortCondition =
      from && to
        ? ' AND #sk BETWEEN :from AND :to'
        : from
          ? ' AND #sk >= :from'
          : to
            ? ' AND #sk <= :to'
            : '';
    const filters = [
      ...(filter.engagementId ? ['engagementId = :engagement'] : []),
      ...(filter.feature ? ['contains(accessibility, :feature)'] : []),
    ];
    return filteredQueryPage(
      {
        TableName: tableName(),
        IndexName: partition.index,
        KeyConditionExpression: `#pk = :pk${sortCondition}`,
        ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
        ExpressionAttributeNames: {
          '#pk': partition.name,
          ...(sortCondition ? { '#sk': partition.sort } : {}),
        },
        ExpressionAttributeValues: {
          ':pk': partition.value,
          ...(from ? { ':from': from } : {}),
          ...(to ? { ':to': to } : {}),
          ...(filter.engagementId ? { ':engagement': filter.engagementId } : {}),
          ...(filter.feature ? { ':feature': filter.feature } : {}),
        },
      },
      page,
      parseMeeting,
    );
  },

  claimSeat: (registration, now) => claimSeat(registration, now, undefined),
  releaseSeat: (registrationId, by, at) =>
    releaseSeat('meeting', registrationId, at, { cancelledBy: by }, { cancelledBy: by }),
  confirmHold: (registrationId, matches, at) => confirmHold('meeting', registrationId, matches, at),
  lapseHold: (registrationId, at) => lapseHold('meeting', registrationId, at),
  holdsDue,
  renewHoldToken: (registrationId, tokenHash, at) => renewHoldToken('meeting', registrationId, tokenHash, at),
  waitlistPosition,
  getRegistration: (registrationId) => readClaim('meeting', registrationId),
  async issueCancelToken(registrationId, issued) {
    return (
      (await writeLinkTokens(keys.registration(registrationId), cancelLinks, { add: issued })) === 'written'
    );
  },

  async activeRegistrations(meetingId) {
    const partition = keys.registrationsPartition(meetingId);
    const [confirmed, waitlisted] = await Promise.all(
      ['confirmed#', 'waitlisted#'].map((status) =>
        queryAll({ index: 'gsi1', partition, sortKeyBeginsWith: status }),
      ),
    );
    return [...(confirmed ?? []), ...(waitlisted ?? [])].map(parseRegistration);
  },

  async recordAccommodationAnswer(registrationId, answer) {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.registration(registrationId),
        UpdateExpression: 'SET accommodationAnswer = :answer',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: {
          ':answer': {
            met: answer.met,
            answeredAt: answer.answeredAt,
            ...(answer.message !== undefined ? { message: answer.message } : {}),
          },
        },
      }),
    );
  },

  async checkIn(registration, at) {
    const result = await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: keys.registration(registration.claimId),
          UpdateExpression: 'SET attendedAt = :at',
          ConditionExpression: '#status = :confirmed AND attribute_not_exists(attendedAt)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':at': at, ':confirmed': 'confirmed' },
        },
      },
      {
        Update: {
          TableName: tableName(),
          Key: keys.meeting(registration.activityId),
          UpdateExpression: 'ADD attended :one',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
      eventPut(
        domainEvent(MeetingAttended, {
          eventId: newId(),
          occurredAt: at,
          registrationId: registration.claimId,
          meetingId: registration.activityId,
          engagementId: registration.engagementId,
          initiativeId: registration.initiativeId,
          channel: registration.channel,
          participantHash: registration.participantHash,
          attendedAt: at,
        }),
      ),
    ]);
    return result.ok;
  },

  markMailed: (registrationId, mark) =>
    unlessAlreadyDone(() =>
      documentClient.send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...keys.registrationMailed(registrationId, mark), type: 'MeetingMailSent' },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    ),
  async unmarkMailed(registrationId, mark) {
    await documentClient.send(
      new DeleteCommand({ TableName: tableName(), Key: keys.registrationMailed(registrationId, mark) }),
    );
  },
  async meetingsStartingBetween(from, to) {
    const items = await queryAll({
      index: 'gsi1',
      partition: keys.meetingListPartition(),
      sortKeyBetween: [`${from}#`, `${to}#~`],
    });
    return items.map(parseMeeting);
  },
  async confirmedRegistrations(meetingId) {
    const items = await queryAll({
      index: 'gsi1',
      partition: keys.registrationsPartition(meetingId),
      sortKeyBeginsWith: 'confirmed#',
    });
    return items.map(parseRegistration);
  },

  async publishRecord(meeting, record) {
    await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: keys.meeting(meeting.activityId),
          UpdateExpression: 'SET #record = :record',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#record': 'record' },
          ExpressionAttributeValues: { ':record': record },
        },
      },
      eventPut(
        domainEvent(MeetingRecordPublished, {
          eventId: newId(),
          occurredAt: record.publishedAt,
          meetingId: meeting.activityId,
          engagementId: meeting.engagementId,
          initiativeId: meeting.initiativeId,
          outcomes: record.outcomes.length,
        }),
      ),
    ]);
  },
};
