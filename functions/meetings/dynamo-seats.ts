import { meetingSeatEvents } from '../../events/meetings';
import { meetingsKeys as keys, personIndexKeys } from '../../shared/db/keys';
import { seatMechanism } from '../../shared/db/seats/mechanism';
import type { SeatKind } from '../../shared/domain/seats/kinds';
import { retentionAttributes } from '../../shared/privacy/retention';
import { parseMeeting, parseRegistration, parseWaitingEntry } from './dynamo-items';
import { meetingsDeclarationOf } from './schemas';
import type { RegistrationReference } from './store';

/** The `type` of a meeting's item, of its registrations and of its one-per-person markers. */
export const itemTypes = {
  meeting: 'Meeting',
  registration: 'MeetingRegistration',
  holder: 'MeetingSeatHolder',
};

/**
 * What every meetings item about a person carries: the retention of its entity (counted from
 * `writtenAt`), the keyed identity and the person index (gsi3), so export, erasure and the
 * `retention` job find it.
 */
export function personalAttributes(
  item: { type: string; pk: string; sk: string },
  participantHash: string,
  writtenAt: string,
) {
  return {
    participantHash,
    ...personIndexKeys('meetings', participantHash, item),
    ...retentionAttributes(meetingsDeclarationOf(item.type), new Date(writtenAt)),
  };
}

/** A meeting's seats: registrations, named by `registrationId` and `meetingId` in their events. */
const meetingSeats: SeatKind<RegistrationReference> = {
  kind: 'meeting',
  events: meetingSeatEvents,
  reference: (claim) => ({
    registrationId: claim.claimId,
    meetingId: claim.activityId,
    engagementId: claim.engagementId,
    initiativeId: claim.initiativeId,
  }),
};

/**
 * Meetings on the shared seat-and-waitlist mechanism: meetings' own keys, items and events. A
 * registrant has no record of their own beyond the registration (no profile, no overlap rule), so
 * the claimant hook admits every claim and writes nothing: the one-per-person marker alone refuses
 * a second registration of the same person.
 */
const seats = seatMechanism({
  kinds: ['meeting'],
  keys,
  claimTypes: { meeting: itemTypes.registration },
  holderType: itemTypes.holder,
  parseActivity: parseMeeting,
  parseClaim: parseRegistration,
  parseWaiting: parseWaitingEntry,
  seatKinds: { meeting: meetingSeats },
  promotedReference: (meeting, head) => ({
    claimId: head.claimId,
    activityId: meeting.activityId,
    engagementId: meeting.engagementId,
    initiativeId: meeting.initiativeId,
  }),
  claimAttributes: (claim, item, now) => personalAttributes(item, claim.participantHash, now),
  holderAttributes: (claim, item, now) => personalAttributes(item, claim.participantHash, now),
  waitingAttributes: () => ({}),
  countedEvents: () => [],
  claimant: {
    read: async () => undefined,
    admit: () => ({}),
    parse: () => undefined,
    release: () => [],
  },
});

export const { readActivity: readMeeting, readClaim } = seats.items;
export const { claimSeat, lapseHold, confirmHold, renewHoldToken, holdsDue, waitlistPosition, releaseSeat } =
  seats;
