import { neighbourhoodName } from '../domain/neighbourhood';

/**
 * Every key in the table is built here, and only here. `docs/data-model.md` lists each entity's
 * key shape and each access pattern; keep the two in step.
 *
 * Conventions: `ENTITY#id` segments; `#META` is an entity's own item under its partition;
 * IDs are ULIDs, so sorting by an ID sorts by creation time.
 */

const META = '#META';

export interface PrimaryKey {
  pk: string;
  sk: string;
}

export const keys = {
  initiative: (initiativeId: string): PrimaryKey => ({ pk: `INITIATIVE#${initiativeId}`, sk: META }),
  /** gsi1: every initiative, newest last. */
  initiativeList: (initiativeId: string) => ({ gsi1pk: 'INITIATIVES', gsi1sk: initiativeId }),
  initiativeListPartition: () => ({ gsi1pk: 'INITIATIVES' }),

  engagement: (engagementId: string): PrimaryKey => ({ pk: `ENGAGEMENT#${engagementId}`, sk: META }),
  /** gsi1: every engagement; gsi2: the engagements of one initiative. */
  engagementList: (engagementId: string, initiativeId: string) => ({
    gsi1pk: 'ENGAGEMENTS',
    gsi1sk: engagementId,
    ...linkedToInitiative('participation', initiativeId, 'ENGAGEMENT', engagementId),
  }),
  engagementListPartition: () => ({ gsi1pk: 'ENGAGEMENTS' }),

  contribution: (contributionId: string): PrimaryKey => ({ pk: `CONTRIBUTION#${contributionId}`, sk: META }),
  /**
   * gsi1 holds only published contributions (a sparse index: hiding one removes these
   * attributes). Top-level contributions list under their engagement, replies under their parent.
   */
  publishedContribution: (engagementId: string, contributionId: string, parentId: string | undefined) => ({
    gsi1pk: parentId ? `CONTRIBUTION#${parentId}#REPLIES` : `ENGAGEMENT#${engagementId}#CONTRIBUTIONS`,
    gsi1sk: contributionId,
  }),
  publishedContributionsPartition: (engagementId: string, parentId: string | undefined) => ({
    gsi1pk: parentId ? `CONTRIBUTION#${parentId}#REPLIES` : `ENGAGEMENT#${engagementId}#CONTRIBUTIONS`,
  }),
  /** gsi2: every contribution of an engagement whatever its status (the moderation queue). */
  contributionModerationQueue: (engagementId: string, status: string, contributionId: string) => ({
    gsi2pk: `ENGAGEMENT#${engagementId}#MODERATION`,
    gsi2sk: `${status}#${contributionId}`,
  }),
  /** The moderation queue's gsi2 partition: every contribution of one engagement (table migrations walk it). */
  contributionModerationQueuePartition: (engagementId: string) => ({
    gsi2pk: `ENGAGEMENT#${engagementId}#MODERATION`,
  }),

  /** A vote lives in its contribution's partition; one item per participant makes "one vote each" a key. */
  vote: (contributionId: string, participantHash: string): PrimaryKey => ({
    pk: `CONTRIBUTION#${contributionId}`,
    sk: `VOTE#${participantHash}`,
  }),
  /**
   * A vote awaiting its emailed confirmation, found by the link's vote ID: the token's hash, its
   * expiry and which participant's vote it confirms. Kept after confirming (until its TTL) so a
   * second confirmation answers the same.
   */
  voteConfirmation: (voteId: string): PrimaryKey => ({ pk: `VOTE#${voteId}`, sk: 'CONFIRMATION' }),
  /** Every vote item of a contribution: `begins_with(sk, :prefix)` in its partition (the staff tally). */
  votePrefix: () => 'VOTE#',
  moderationRecord: (contributionId: string, recordId: string): PrimaryKey => ({
    pk: `CONTRIBUTION#${contributionId}`,
    sk: `MODERATION#${recordId}`,
  }),

  asset: (assetId: string): PrimaryKey => ({ pk: `ASSET#${assetId}`, sk: META }),
  /**
   * Approved assets, on the map. gsi1 holds them all, sorted `<category>#<assetId>` so a category
   * is a `begins_with`; gsi2 holds them per neighbourhood with the same sort key. Both are sparse:
   * a pending or rejected asset has no approved-list attributes.
   */
  approvedAsset: (assetId: string, category: string, neighbourhood: string) => ({
    gsi1pk: 'ASSETS#APPROVED',
    gsi1sk: `${category}#${assetId}`,
    gsi2pk: `ASSETS#APPROVED#NEIGHBOURHOOD#${neighbourhoodKey(neighbourhood)}`,
    gsi2sk: `${category}#${assetId}`,
  }),
  approvedAssetsPartition: () => ({ gsi1pk: 'ASSETS#APPROVED' }),
  approvedAssetsInNeighbourhoodPartition: (neighbourhood: string) => ({
    gsi2pk: `ASSETS#APPROVED#NEIGHBOURHOOD#${neighbourhoodKey(neighbourhood)}`,
  }),
  /** The sort-key prefix that selects one category in either approved list. */
  assetCategoryPrefix: (category: string) => `${category}#`,
  /** gsi1: residents' suggestions waiting for a coordinator, oldest first. */
  pendingAsset: (assetId: string) => ({ gsi1pk: 'ASSETS#PENDING', gsi1sk: assetId }),
  pendingAssetsPartition: () => ({ gsi1pk: 'ASSETS#PENDING' }),

  /** A survey's own item; its versions and responses share its partition. */
  survey: (surveyId: string): PrimaryKey => ({ pk: `SURVEY#${surveyId}`, sk: META }),
  /** Versions sort in order; four digits keep `VERSION#0010` after `VERSION#0009`. */
  surveyVersion: (surveyId: string, version: number): PrimaryKey => ({
    pk: `SURVEY#${surveyId}`,
    sk: `VERSION#${String(version).padStart(4, '0')}`,
  }),
  surveyVersionPrefix: () => 'VERSION#',

  /** Responses live in their survey's partition, so results are one query of that partition. */
  surveyResponse: (surveyId: string, responseId: string): PrimaryKey => ({
    pk: `SURVEY#${surveyId}`,
    sk: `RESPONSE#${responseId}`,
  }),
  surveyResponsePrefix: () => 'RESPONSE#',
  /**
   * One respondent of a survey under `email` assurance, by the keyed hash of their canonical
   * address: `pending` (with the latest request's `responseId`) or `counted`. "One response per
   * person" is this key; it never matches `begins_with(sk, RESPONSE#)`, so nothing counts it.
   */
  surveyRespondent: (surveyId: string, participantHash: string): PrimaryKey => ({
    pk: `SURVEY#${surveyId}`,
    sk: `RESPONDENT#${participantHash}`,
  }),
  surveyRespondentPrefix: () => 'RESPONDENT#',
  /**
   * A response awaiting its emailed confirmation, found by the link's survey and response IDs (no
   * pointer item): the answers until confirmed, the token's hash, `lapsesAt`. Confirming copies the
   * answers to `RESPONSE#<responseId>`; the item stays (without them) until its TTL, so a second
   * confirmation answers the same.
   */
  surveyResponseConfirmation: (surveyId: string, responseId: string): PrimaryKey => ({
    pk: `SURVEY#${surveyId}`,
    sk: `CONFIRMATION#${responseId}`,
  }),

  need: (needId: string): PrimaryKey => ({ pk: `NEED#${needId}`, sk: META }),
  /** Links an evidence survey to the needs that count its answers; lives in the survey's partition. */
  needEvidenceLink: (surveyId: string, needId: string, evidenceIndex: number): PrimaryKey => ({
    pk: `SURVEY#${surveyId}`,
    sk: `NEEDLINK#${needId}#${evidenceIndex}`,
  }),
  needEvidenceLinkPrefix: () => 'NEEDLINK#',
  /** Marks one response as counted for one evidence item, so counting is exactly once. */
  needCountedResponse: (needId: string, evidenceIndex: number, responseId: string): PrimaryKey => ({
    pk: `NEED#${needId}`,
    sk: `COUNTED#${evidenceIndex}#${responseId}`,
  }),

  // ── Partnerships: organisations, partnerships, partner contributions ──────
  // Organisation lists sort by a name key (`<name key>#<organizationId>`), so a name prefix is a
  // `begins_with`. Staff lists (`ORGANIZATIONS…`) and the public directory (`DIRECTORY…`) are
  // separate partitions; directory items exist only while the organisation consents.

  organization: (organizationId: string): PrimaryKey => ({ pk: `ORGANIZATION#${organizationId}`, sk: META }),
  /** On the organisation's own item: gsi1 lists every organisation (staff), gsi2 those of one type. */
  organizationList: (organizationId: string, name: string, organizationType: string) =>
    organizationIndexEntry('ORGANIZATIONS', undefined, organizationType, name, organizationId),
  /** One item per neighbourhood served, for the staff lists by neighbourhood (gsi1) and type (gsi2). */
  organizationNeighbourhood: (
    organizationId: string,
    neighbourhood: string,
    name: string,
    organizationType: string,
  ) => ({
    pk: `ORGANIZATION#${organizationId}`,
    sk: `NEIGHBOURHOOD#${neighbourhoodKey(neighbourhood)}`,
    ...organizationIndexEntry('ORGANIZATIONS', neighbourhood, organizationType, name, organizationId),
  }),
  /** The public directory entry: only while the organisation consents, and only its public fields. */
  directoryEntry: (organizationId: string, name: string, organizationType: string) => ({
    pk: `ORGANIZATION#${organizationId}`,
    sk: 'DIRECTORY',
    ...organizationIndexEntry('DIRECTORY', undefined, organizationType, name, organizationId),
  }),
  /** The public directory entry for one neighbourhood served. */
  directoryNeighbourhoodEntry: (
    organizationId: string,
    neighbourhood: string,
    name: string,
    organizationType: string,
  ) => ({
    pk: `ORGANIZATION#${organizationId}`,
    sk: `DIRECTORY#NEIGHBOURHOOD#${neighbourhoodKey(neighbourhood)}`,
    ...organizationIndexEntry('DIRECTORY', neighbourhood, organizationType, name, organizationId),
  }),
  /**
   * The partition that lists organisations for a scope and filter: gsi2 when a type is given,
   * gsi1 otherwise. The public route only ever asks for `DIRECTORY`.
   */
  organizationSearch: (
    scope: OrganizationListScope,
    filter: { neighbourhood?: string | undefined; organizationType?: string | undefined },
  ) => {
    const index = filter.organizationType ? ('gsi2' as const) : ('gsi1' as const);
    const partition = organizationPartition(scope, filter.neighbourhood, filter.organizationType);
    return { index, partition: { [`${index}pk`]: partition }, sortKey: `${index}sk` };
  },
  /** The sort-key prefix selecting names that begin with `prefix` (ignoring case, accents, spacing). */
  organizationNamePrefix: (prefix: string) => organizationNameKey(prefix),
  /** Contribution totals of one organisation, in the city's currency (counters). */
  organizationPartnerTotals: (organizationId: string): PrimaryKey => ({
    pk: `ORGANIZATION#${organizationId}`,
    sk: 'PARTNER_TOTALS',
  }),

  /** A partnership's own item, holding its contribution counters; history and contributions share its partition. */
  partnership: (partnershipId: string): PrimaryKey => ({ pk: `PARTNERSHIP#${partnershipId}`, sk: META }),
  /**
   * gsi1: every partnership, oldest first. gsi2: open (proposed, active, paused) or closed
   * partnerships, sorted `<status>#<partnershipId>` so one status is a `begins_with`.
   */
  partnershipList: (partnershipId: string, stage: PartnershipStage, status: string) => ({
    gsi1pk: 'PARTNERSHIPS',
    gsi1sk: partnershipId,
    gsi2pk: `PARTNERSHIPS#${stage.toUpperCase()}`,
    gsi2sk: `${status}#${partnershipId}`,
  }),
  partnershipListPartition: () => ({ gsi1pk: 'PARTNERSHIPS' }),
  partnershipStagePartition: (stage: PartnershipStage) => ({ gsi2pk: `PARTNERSHIPS#${stage.toUpperCase()}` }),
  partnershipStatusPrefix: (status: string) => `${status}#`,
  /**
   * One history entry per version. gsi1 buckets every change by month in the city's time zone
   * (`YYYY-MM`), so a period's lifecycle changes are read without touching older history.
   */
  partnershipHistory: (partnershipId: string, version: number, month: string, at: string) => ({
    pk: `PARTNERSHIP#${partnershipId}`,
    sk: `HISTORY#${String(version).padStart(6, '0')}`,
    gsi1pk: `PARTNERSHIP_HISTORY#${month}`,
    gsi1sk: `${at}#${partnershipId}#${String(version).padStart(6, '0')}`,
  }),
  partnershipHistoryPrefix: () => 'HISTORY#',
  partnershipHistoryMonthPartition: (month: string) => ({ gsi1pk: `PARTNERSHIP_HISTORY#${month}` }),
  /** Links a partnership to one of its initiatives (gsi2 `PARTNERSHIPS#INITIATIVE#id` → `PARTNERSHIP#id`). */
  partnershipInitiativeLink: (partnershipId: string, initiativeId: string) => ({
    pk: `PARTNERSHIP#${partnershipId}`,
    sk: `INITIATIVE#${initiativeId}`,
    ...linkedToInitiative('partnerships', initiativeId, 'PARTNERSHIP', partnershipId),
  }),
  initiativePartnershipsPartition: (initiativeId: string) =>
    initiativeLinkPartition('partnerships', initiativeId),
  initiativePartnershipPrefix: () => 'PARTNERSHIP#',
  /** Links a partnership to one of its organisations (gsi2 `ORGANIZATION#id#PARTNERSHIPS`). */
  partnershipOrganizationLink: (partnershipId: string, organizationId: string) => ({
    pk: `PARTNERSHIP#${partnershipId}`,
    sk: `ORGANIZATION#${organizationId}`,
    gsi2pk: `ORGANIZATION#${organizationId}#PARTNERSHIPS`,
    gsi2sk: partnershipId,
  }),
  organizationPartnershipsPartition: (organizationId: string) => ({
    gsi2pk: `ORGANIZATION#${organizationId}#PARTNERSHIPS`,
  }),
  /**
   * A contribution, in its partnership's partition. gsi1 buckets contributions by the month of
   * their date (a calendar date in the city's time zone) sorted by date; gsi2 links them to their
   * initiative sorted by date, so a period is a `BETWEEN` on either.
   */
  partnerContribution: (
    partnershipId: string,
    contributionId: string,
    initiativeId: string,
    date: string,
  ) => ({
    pk: `PARTNERSHIP#${partnershipId}`,
    sk: `CONTRIBUTION#${contributionId}`,
    gsi1pk: `PARTNER_CONTRIBUTIONS#${date.slice(0, 7)}`,
    gsi1sk: `${date}#${contributionId}`,
    ...linkedToInitiative('partnerships', initiativeId, 'PARTNER_CONTRIBUTION', `${date}#${contributionId}`),
  }),
  partnerContributionPrefix: () => 'CONTRIBUTION#',
  partnerContributionsMonthPartition: (month: string) => ({ gsi1pk: `PARTNER_CONTRIBUTIONS#${month}` }),
  /**
   * Contribution totals of one initiative across its partnerships, in the city's currency
   * (counters), in partnerships' own partition of the initiative (`PARTNERSHIPS#INITIATIVE#id`).
   */
  initiativePartnerTotals: (initiativeId: string): PrimaryKey => ({
    pk: initiativeLinkPartition('partnerships', initiativeId).gsi2pk,
    sk: 'PARTNER_TOTALS',
  }),

  /** A domain event waiting in the table's stream to be published (see `shared/db/outbox.ts`). */
  outboxEvent: (eventId: string): PrimaryKey => ({ pk: `OUTBOX#${eventId}`, sk: 'EVENT' }),

  /** Powertools idempotency records, one partition per operation. */
  idempotency: (operationId: string) => ({ pk: `IDEMPOTENCY#${operationId}` }),
};

/**
 * The gsi2 partition that links a context's records to an initiative. Participation owns
 * initiatives and links its engagements under `INITIATIVE#id`; every other context links under a
 * partition of its own key space (`SURVEYS#INITIATIVE#id`, …), so no context's query of "what is
 * linked to this initiative" can read another context's items (`shared/access/key-spaces.ts`).
 */
const initiativeLinkPrefix = {
  participation: 'INITIATIVE',
  surveys: 'SURVEYS#INITIATIVE',
  partnerships: 'PARTNERSHIPS#INITIATIVE',
  volunteering: 'VOLUNTEERING#INITIATIVE',
  evaluation: 'EVALUATION#INITIATIVE',
  meetings: 'MEETINGS#INITIATIVE',
  petitions: 'PETITIONS#INITIATIVE',
} as const;

export type InitiativeLinkingContext = keyof typeof initiativeLinkPrefix;

/** A context's gsi2 partition of the records it links to one initiative. */
export function initiativeLinkPartition(context: InitiativeLinkingContext, initiativeId: string) {
  return { gsi2pk: `${initiativeLinkPrefix[context]}#${initiativeId}` };
}

/**
 * gsi2 links a record to its initiative (`<context's link partition>` → `TYPE#id`), so the
 * engagements, surveys, opportunities or partnerships of one initiative are a single query each.
 */
export function linkedToInitiative(
  context: InitiativeLinkingContext,
  initiativeId: string,
  type: string,
  id: string,
) {
  return { ...initiativeLinkPartition(context, initiativeId), gsi2sk: `${type}#${id}` };
}

/** The prefix the outbox publisher's stream filter matches on. */
export const outboxKeyPrefix = 'OUTBOX#';

/**
 * A neighbourhood as a key segment: case and spacing do not split one neighbourhood in two, and
 * URI-encoding keeps a `#` in a name from reading as a key separator.
 */
function neighbourhoodKey(neighbourhood: string): string {
  return encodeURIComponent(neighbourhoodName(neighbourhood));
}

// ── Volunteering and capacity building (docs/data-model.md, patterns V1–V16) ──

/** The activities that hand out seats through the shared seat mechanism (`shared/db/seats/mechanism.ts`, instantiated in `functions/volunteering/dynamo-seats.ts`). */
type SeatedKind = import('../../events/volunteering').SeatedKind;

/** A shift's or a training session's partition name, and the name of a seat claim on it. */
const seatedPrefix: Record<SeatedKind, string> = { shift: 'SHIFT', training: 'TRAINING' };
const claimPrefix: Record<SeatedKind, string> = { shift: 'SIGNUP', training: 'ENROLMENT' };

export const volunteeringKeys = {
  opportunity: (opportunityId: string): PrimaryKey => ({ pk: `OPPORTUNITY#${opportunityId}`, sk: META }),
  /** gsi1: every opportunity, oldest first; gsi2: the opportunities of one initiative. */
  opportunityList: (opportunityId: string, initiativeId: string) => ({
    gsi1pk: 'OPPORTUNITIES',
    gsi1sk: opportunityId,
    ...linkedToInitiative('volunteering', initiativeId, 'OPPORTUNITY', opportunityId),
  }),
  opportunityListPartition: () => ({ gsi1pk: 'OPPORTUNITIES' }),
  opportunitiesOfInitiativePartition: (initiativeId: string) =>
    initiativeLinkPartition('volunteering', initiativeId),
  opportunitiesOfInitiativePrefix: () => ({ gsi2sk: 'OPPORTUNITY#' }),
  /**
   * One item per skill an opportunity wants, in the opportunity's partition; gsi1 lists the
   * opportunities wanting one skill, so ranking by overlap reads one short partition per skill asked.
   */
  opportunitySkill: (opportunityId: string, skill: string) => ({
    pk: `OPPORTUNITY#${opportunityId}`,
    sk: `SKILL#${encodeURIComponent(skill)}`,
    gsi1pk: `OPPORTUNITY-SKILL#${encodeURIComponent(skill)}`,
    gsi1sk: opportunityId,
  }),
  opportunitySkillPartition: (skill: string) => ({
    gsi1pk: `OPPORTUNITY-SKILL#${encodeURIComponent(skill)}`,
  }),

  /** A shift's or training session's own item: details and the seat counters. */
  seated: (kind: SeatedKind, id: string): PrimaryKey => ({ pk: `${seatedPrefix[kind]}#${id}`, sk: META }),
  /** gsi1: the shifts of an opportunity by start time (`startsAt` is a UTC ISO instant, so it sorts). */
  shiftOfOpportunity: (opportunityId: string, startsAtUtc: string, shiftId: string) => ({
    gsi1pk: `OPPORTUNITY#${opportunityId}#SHIFTS`,
    gsi1sk: `${startsAtUtc}#${shiftId}`,
  }),
  shiftsOfOpportunityPartition: (opportunityId: string) => ({
    gsi1pk: `OPPORTUNITY#${opportunityId}#SHIFTS`,
  }),
  /** gsi1: every training session by start time. */
  trainingSessionList: (startsAtUtc: string, sessionId: string) => ({
    gsi1pk: 'TRAINING-SESSIONS',
    gsi1sk: `${startsAtUtc}#${sessionId}`,
  }),
  trainingSessionListPartition: () => ({ gsi1pk: 'TRAINING-SESSIONS' }),
  /**
   * gsi2: the shifts (or sessions) starting on one day of the city's calendar, by start instant.
   * The reminder job reads the days its window touches; the impact summary reads a period's days.
   */
  seatedOnDay: (kind: SeatedKind, localDay: string, startsAtUtc: string, id: string) => ({
    gsi2pk: `${seatedPrefix[kind]}S-ON#${localDay}`,
    gsi2sk: `${startsAtUtc}#${id}`,
  }),
  seatedOnDayPartition: (kind: SeatedKind, localDay: string) => ({
    gsi2pk: `${seatedPrefix[kind]}S-ON#${localDay}`,
  }),

  /** A sign-up (shift) or enrolment (training session). */
  claim: (kind: SeatedKind, claimId: string): PrimaryKey => ({
    pk: `${claimPrefix[kind]}#${claimId}`,
    sk: META,
  }),
  /** gsi1: an activity's claims by status (the roster; the reminder job reads `confirmed#`). */
  claimRoster: (kind: SeatedKind, activityId: string, status: string, claimId: string) => ({
    gsi1pk: `${seatedPrefix[kind]}#${activityId}#${claimPrefix[kind]}S`,
    gsi1sk: `${status}#${claimId}`,
  }),
  claimRosterPartition: (kind: SeatedKind, activityId: string) => ({
    gsi1pk: `${seatedPrefix[kind]}#${activityId}#${claimPrefix[kind]}S`,
  }),
  /** gsi2: a volunteer's sign-ups and enrolments (the profile). */
  claimOfVolunteer: (kind: SeatedKind, volunteerId: string, claimId: string) => ({
    gsi2pk: `VOLUNTEER#${volunteerId}`,
    gsi2sk: `${claimPrefix[kind]}#${claimId}`,
  }),
  volunteerClaimsPartition: (volunteerId: string) => ({ gsi2pk: `VOLUNTEER#${volunteerId}` }),
  /** One per person and activity: "the same person signs up once" is this key's `attribute_not_exists`. */
  seatHolder: (kind: SeatedKind, activityId: string, participantHash: string): PrimaryKey => ({
    pk: `${seatedPrefix[kind]}#${activityId}`,
    sk: `PARTICIPANT#${participantHash}`,
  }),
  /**
   * A place on the waitlist, in the activity's partition so a consistent query reads the exact head.
   * Tickets are issued 1, 2, 3… by the activity's counter; eight digits keep them in order.
   */
  waitingEntry: (kind: SeatedKind, activityId: string, ticket: number): PrimaryKey => ({
    pk: `${seatedPrefix[kind]}#${activityId}`,
    sk: `WAITING#${String(ticket).padStart(8, '0')}`,
  }),
  waitingPrefix: () => 'WAITING#',
  /**
   * One per live seat hold (a sign-up or enrolment awaiting its emailed confirmation), in a
   * partition per UTC day of the hold's expiry, sorted by expiry: the `seat-holds` job reads the
   * holds due (`sk <= now`) of the last few days, so its cost grows with the holds due, never with
   * history. Written with the hold, deleted when it is confirmed, lapses or is cancelled.
   */
  holdDue: (expiresAtIso: string, kind: SeatedKind, claimId: string): PrimaryKey => ({
    pk: `HOLDS-DUE#${expiresAtIso.slice(0, 10)}`,
    sk: `${expiresAtIso}#${kind}#${claimId}`,
  }),
  holdsDuePartition: (utcDay: string) => ({ pk: `HOLDS-DUE#${utcDay}` }),
  /** The number dispenser that orders a crowd's attempts at one activity's seats (no index keys). */
  seatLine: (kind: SeatedKind, activityId: string): PrimaryKey => ({
    pk: `${seatedPrefix[kind]}#${activityId}`,
    sk: 'LINE',
  }),

  volunteer: (volunteerId: string): PrimaryKey => ({ pk: `VOLUNTEER#${volunteerId}`, sk: META }),
  /** Hours (attendance or entered by hand) live in the volunteer's partition. */
  hoursEntry: (volunteerId: string, entryId: string): PrimaryKey => ({
    pk: `VOLUNTEER#${volunteerId}`,
    sk: `HOURS#${entryId}`,
  }),
  hoursEntryPrefix: () => 'HOURS#',
  /** gsi1 (sparse): verified hours by the month (city calendar) they were worked in. */
  verifiedHours: (month: string, startedAtUtc: string, entryId: string) => ({
    gsi1pk: `VERIFIED-HOURS#${month}`,
    gsi1sk: `${startedAtUtc}#${entryId}`,
  }),
  verifiedHoursPartition: (month: string) => ({ gsi1pk: `VERIFIED-HOURS#${month}` }),

  /** Marks a confirmation mail as sent for one event, so a redelivered event sends nothing. */
  claimMailSent: (kind: SeatedKind, claimId: string, eventId: string): PrimaryKey => ({
    pk: `${claimPrefix[kind]}#${claimId}`,
    sk: `MAILED#${eventId}`,
  }),
  /** Marks the reminder before a shift as sent. */
  claimReminded: (kind: SeatedKind, claimId: string): PrimaryKey => ({
    pk: `${claimPrefix[kind]}#${claimId}`,
    sk: 'REMINDED',
  }),
};

// ── Public meetings (docs/data-model.md, patterns M1–M9) ──

/**
 * A meeting's keys, shaped for the shared seat mechanism (`shared/db/seats/mechanism.ts`, instantiated
 * in `functions/meetings/dynamo-seats.ts`): its one seated kind is `meeting`, its claims are
 * registrations. The kind argument is the mechanism's; meetings have only the one.
 */
type MeetingKind = 'meeting';
const meetingPartition = (meetingId: string) => `MEETING#${meetingId}`;

export const meetingsKeys = {
  /** A meeting's own item: details, the seat counters, attendance and its record (minutes). */
  seated: (_kind: MeetingKind, meetingId: string): PrimaryKey => ({
    pk: meetingPartition(meetingId),
    sk: META,
  }),
  meeting: (meetingId: string): PrimaryKey => ({ pk: meetingPartition(meetingId), sk: META }),
  /**
   * gsi1: every meeting by start instant (UTC ISO, so it sorts: the date-range filter and the
   * iCalendar feed are key conditions); gsi2: the meetings of one initiative, by start too.
   */
  meetingList: (startsAtUtc: string, meetingId: string, initiativeId: string) => ({
    gsi1pk: 'MEETINGS',
    gsi1sk: `${startsAtUtc}#${meetingId}`,
    ...initiativeLinkPartition('meetings', initiativeId),
    gsi2sk: `${startsAtUtc}#${meetingId}`,
  }),
  meetingListPartition: () => ({ gsi1pk: 'MEETINGS' }),
  meetingsOfInitiativePartition: (initiativeId: string) => initiativeLinkPartition('meetings', initiativeId),

  /** A registration (the meeting's seat claim). */
  claim: (_kind: MeetingKind, registrationId: string): PrimaryKey => ({
    pk: `MEETING-REGISTRATION#${registrationId}`,
    sk: META,
  }),
  registration: (registrationId: string): PrimaryKey => ({
    pk: `MEETING-REGISTRATION#${registrationId}`,
    sk: META,
  }),
  /** gsi1: a meeting's registrations by status (accommodations read `confirmed#` and `waitlisted#`). */
  claimRoster: (_kind: MeetingKind, meetingId: string, status: string, registrationId: string) => ({
    gsi1pk: `${meetingPartition(meetingId)}#REGISTRATIONS`,
    gsi1sk: `${status}#${registrationId}`,
  }),
  registrationsPartition: (meetingId: string) => ({ gsi1pk: `${meetingPartition(meetingId)}#REGISTRATIONS` }),
  /** One per person and meeting: "the same person registers once" is this key's `attribute_not_exists`. */
  seatHolder: (_kind: MeetingKind, meetingId: string, participantHash: string): PrimaryKey => ({
    pk: meetingPartition(meetingId),
    sk: `PARTICIPANT#${participantHash}`,
  }),
  /** A waitlist place, in the meeting's partition by ticket (eight digits keep the order). */
  waitingEntry: (_kind: MeetingKind, meetingId: string, ticket: number): PrimaryKey => ({
    pk: meetingPartition(meetingId),
    sk: `WAITING#${String(ticket).padStart(8, '0')}`,
  }),
  waitingPrefix: () => 'WAITING#',
  /** A live hold awaiting its emailed confirmation, per UTC day of its lapse (meetings' own partition). */
  holdDue: (expiresAtIso: string, _kind: MeetingKind, registrationId: string): PrimaryKey => ({
    pk: `MEETING-HOLDS-DUE#${expiresAtIso.slice(0, 10)}`,
    sk: `${expiresAtIso}#meeting#${registrationId}`,
  }),
  holdsDuePartition: (utcDay: string) => ({ pk: `MEETING-HOLDS-DUE#${utcDay}` }),
  /** The number dispenser that orders a crowd's attempts at one meeting's seats. */
  seatLine: (_kind: MeetingKind, meetingId: string): PrimaryKey => ({
    pk: meetingPartition(meetingId),
    sk: 'LINE',
  }),
  /** Marks a mail about one event (a promotion) as sent to one registration, so a redelivery sends nothing. */
  registrationMailed: (registrationId: string, mark: string): PrimaryKey => ({
    pk: `MEETING-REGISTRATION#${registrationId}`,
    sk: `MAILED#${mark}`,
  }),
  /** A walk-in's attendance from a sign-in sheet (no registration), its ID derived from batch and row. */
  walkIn: (attendanceId: string): PrimaryKey => ({
    pk: `MEETING-ATTENDANCE#${attendanceId}`,
    sk: META,
  }),
  /** One per person and meeting attended from a sheet: "a person attends once" is its `attribute_not_exists`. */
  attendee: (meetingId: string, participantHash: string): PrimaryKey => ({
    pk: meetingPartition(meetingId),
    sk: `ATTENDEE#${participantHash}`,
  }),
};

// ── Petitions (docs/data-model.md, patterns PE1–PE9) ──

const petitionPartition = (petitionId: string) => `PETITION#${petitionId}`;

export const petitionsKeys = {
  /** A petition's own item: its text, status, the thresholds fixed at publication, the deadline and the answer. */
  petition: (petitionId: string): PrimaryKey => ({ pk: petitionPartition(petitionId), sk: META }),
  /**
   * gsi1: every petition by status (`published#<id>`), so the public list, the moderation queue and
   * the closing scan are key conditions; gsi2: the petitions of one initiative (when linked).
   */
  petitionList: (status: string, petitionId: string) => ({
    gsi1pk: 'PETITIONS',
    gsi1sk: `${status}#${petitionId}`,
  }),
  petitionListPartition: () => ({ gsi1pk: 'PETITIONS' }),
  petitionsOfInitiative: (initiativeId: string, petitionId: string) =>
    linkedToInitiative('petitions', initiativeId, 'PETITION', petitionId),
  petitionsOfInitiativePartition: (initiativeId: string) =>
    initiativeLinkPartition('petitions', initiativeId),
  /**
   * One per signer and petition, in the petition's partition: "one signature each" is this key's
   * `attribute_not_exists`. The signer key is the keyed email hash, with a keyed name hash after
   * it where the household rule lets several people share one address.
   */
  signer: (petitionId: string, signerKey: string): PrimaryKey => ({
    pk: petitionPartition(petitionId),
    sk: `SIGNER#${signerKey}`,
  }),
  /** How many names have signed from one address, where the household rule is on (it caps them). */
  household: (petitionId: string, participantHash: string): PrimaryKey => ({
    pk: petitionPartition(petitionId),
    sk: `HOUSEHOLD#${participantHash}`,
  }),
  /**
   * One of K counter shards: a confirmation adds 1 to a random shard's `total`, its channel's and
   * its neighbourhood's counts, so concurrent confirmations rarely touch the same item; the total
   * is the sum over the shards (one query of K small items).
   */
  counterShard: (petitionId: string, shard: number): PrimaryKey => ({
    pk: petitionPartition(petitionId),
    sk: `COUNT#${String(shard).padStart(3, '0')}`,
  }),
  counterShardPrefix: () => 'COUNT#',
  /** A signature: who signed (for the answer's mail, if they consented), how, and its confirmation. */
  signature: (signatureId: string): PrimaryKey => ({ pk: `PETITION-SIGNATURE#${signatureId}`, sk: META }),
  /** gsi1: a petition's signatures by status (`confirmed#<id>`): invalidation and the answer's mailing walk these. */
  signatureRoster: (petitionId: string, status: string, signatureId: string) => ({
    gsi1pk: `${petitionPartition(petitionId)}#SIGNATURES`,
    gsi1sk: `${status}#${signatureId}`,
  }),
  signatureRosterPartition: (petitionId: string) => ({
    gsi1pk: `${petitionPartition(petitionId)}#SIGNATURES`,
  }),
  /** A staff invalidation: who, why, by which criteria, how many (the petition's history). */
  invalidation: (petitionId: string, invalidationId: string): PrimaryKey => ({
    pk: petitionPartition(petitionId),
    sk: `INVALIDATION#${invalidationId}`,
  }),
  invalidationPrefix: () => 'INVALIDATION#',
  /**
   * One per petition whose answer is due (its `response` threshold reached, no answer yet), by
   * deadline: put when the threshold is marked, deleted in the answer's transaction, so the digest
   * reads what awaits an answer without walking every petition.
   */
  awaitingAnswer: (dueAt: string, petitionId: string): PrimaryKey => ({
    pk: 'PETITIONS#AWAITING-ANSWER',
    sk: `${dueAt}#${petitionId}`,
  }),
  awaitingAnswerPartition: () => ({ pk: 'PETITIONS#AWAITING-ANSWER' }),
  /** Marks a mail or a deadline step as done for a petition, so a redelivery or a second firing does nothing. */
  petitionMark: (petitionId: string, mark: string): PrimaryKey => ({
    pk: petitionPartition(petitionId),
    sk: `DONE#${mark}`,
  }),
};

/** Who an organisation list is for: staff see every organisation, the public directory only consenting ones. */
export type OrganizationListScope = 'ORGANIZATIONS' | 'DIRECTORY';

/** Open partnerships (proposed, active, paused) are the ones that can still need attention. */
export type PartnershipStage = 'open' | 'closed';

function organizationPartition(
  scope: OrganizationListScope,
  neighbourhood: string | undefined,
  organizationType: string | undefined,
): string {
  const base = neighbourhood ? `${scope}#NEIGHBOURHOOD#${neighbourhoodKey(neighbourhood)}` : scope;
  return organizationType ? `${base}#TYPE#${organizationType}` : base;
}

function organizationIndexEntry(
  scope: OrganizationListScope,
  neighbourhood: string | undefined,
  organizationType: string,
  name: string,
  organizationId: string,
) {
  const sort = `${organizationNameKey(name)}#${organizationId}`;
  return {
    gsi1pk: organizationPartition(scope, neighbourhood, undefined),
    gsi1sk: sort,
    gsi2pk: organizationPartition(scope, neighbourhood, organizationType),
    gsi2sk: sort,
  };
}

/**
 * A name as a sort key: accents stripped, lower-cased, spacing collapsed, `%` and `#` escaped (so
 * `#` only ever separates key parts), cut at 150 characters to stay well inside DynamoDB's key size.
 * A search prefix goes through the same steps, so "cafe" finds "Café Solidaire".
 */
function organizationNameKey(name: string): string {
  const folded = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim()
    .replace(/\s+/g, ' ');
  return [...folded].slice(0, 150).join('').replace(/%/g, '%25').replace(/#/g, '%23');
}

/**
 * The impact strand's records. The activity ledger is bucketed by local day in the city's time
 * zone, so a period's activity is one query per day of the period, whatever the history's size.
 */
export const impactKeys = {
  /** One ledger record per (event, initiative) it concerns; the sort key keeps arrival order irrelevant. */
  activity: (localDay: string, eventId: string, index: number): PrimaryKey => ({
    pk: `ACTIVITY#${localDay}`,
    sk: `${eventId}#${index}`,
  }),
  activityDayPartition: (localDay: string) => ({ pk: `ACTIVITY#${localDay}` }),
  /** When a participant was first seen, city-wide (`CITY`) or in one initiative: new vs returning. */
  participantFirstSeen: (participantHash: string, scope: string): PrimaryKey => ({
    pk: `PARTICIPANT#${participantHash}`,
    sk: `FIRSTSEEN#${scope}`,
  }),
  /** A compiled impact summary: one partition per period, one item per scope (`CITY`, `INITIATIVE#id`). */
  impactSummary: (period: string, scope: string): PrimaryKey => ({
    pk: `SUMMARY#${period}`,
    sk: scope,
  }),
};

// ── Evaluation: logic models, indicators, measurements, feedback, reflections, digest subscriptions
// (docs/data-model.md, patterns E1–E13) ──

export const evaluationKeys = {
  /** An initiative's logic model: one item in evaluation's partition of the initiative, edited under a version. */
  logicModel: (initiativeId: string): PrimaryKey => ({
    pk: initiativeLinkPartition('evaluation', initiativeId).gsi2pk,
    sk: 'LOGIC_MODEL',
  }),

  indicator: (indicatorId: string): PrimaryKey => ({ pk: `INDICATOR#${indicatorId}`, sk: META }),
  /**
   * gsi1: every indicator in the city, grouped by initiative (the impact summary reads them all in
   * one query); gsi2: the indicators of one initiative.
   */
  indicatorList: (indicatorId: string, initiativeId: string) => ({
    gsi1pk: 'INDICATORS',
    gsi1sk: `${initiativeId}#${indicatorId}`,
    ...linkedToInitiative('evaluation', initiativeId, 'INDICATOR', indicatorId),
  }),
  allIndicatorsPartition: () => ({ gsi1pk: 'INDICATORS' }),
  indicatorsOfInitiativePartition: (initiativeId: string) =>
    initiativeLinkPartition('evaluation', initiativeId),
  indicatorsOfInitiativePrefix: () => ({ gsi2sk: 'INDICATOR#' }),

  /**
   * A measurement, in its indicator's partition, sorted by the instant it was measured (UTC, fixed
   * width, so text order is time order); the ID breaks ties between measurements of one instant.
   */
  measurement: (indicatorId: string, measuredAtUtc: string, measurementId: string): PrimaryKey => ({
    pk: `INDICATOR#${indicatorId}`,
    sk: `MEASUREMENT#${measuredAtUtc}#${measurementId}`,
  }),
  measurementPrefix: () => 'MEASUREMENT#',
  /** The greatest sort key of a measurement taken at or before `atUtc` (`~` sorts after every ULID character). */
  measurementsUpTo: (atUtc: string) => `MEASUREMENT#${atUtc}#~`,

  feedback: (feedbackId: string): PrimaryKey => ({ pk: `FEEDBACK#${feedbackId}`, sk: META }),
  /** gsi2: the feedback on one initiative, by ID (ULIDs: by the time it was given). */
  feedbackOfInitiative: (initiativeId: string, feedbackId: string) =>
    linkedToInitiative('evaluation', initiativeId, 'FEEDBACK', feedbackId),
  feedbackOfInitiativePartition: (initiativeId: string) =>
    initiativeLinkPartition('evaluation', initiativeId),
  feedbackOfInitiativePrefix: () => ({ gsi2sk: 'FEEDBACK#' }),

  /** Reflections live in evaluation's partition of their initiative, newest last by ID. */
  reflection: (initiativeId: string, reflectionId: string): PrimaryKey => ({
    pk: initiativeLinkPartition('evaluation', initiativeId).gsi2pk,
    sk: `REFLECTION#${reflectionId}`,
  }),
  reflectionsOfInitiativePartition: (initiativeId: string) =>
    initiativeLinkPartition('evaluation', initiativeId).gsi2pk,
  reflectionPrefix: () => 'REFLECTION#',

  digestSubscription: (subscriptionId: string): PrimaryKey => ({
    pk: `DIGEST_SUBSCRIPTION#${subscriptionId}`,
    sk: META,
  }),
  /**
   * Only while a subscription is active (sparse): gsi1 lists one frequency for the digest job,
   * gsi2 lists them all for admins. Unsubscribing removes both.
   */
  activeDigestSubscription: (subscriptionId: string, frequency: string) => ({
    gsi1pk: `DIGEST_SUBSCRIPTIONS#${frequency}`,
    gsi1sk: subscriptionId,
    gsi2pk: 'DIGEST_SUBSCRIPTIONS',
    gsi2sk: subscriptionId,
  }),
  digestSubscriptionsOfFrequencyPartition: (frequency: string) => ({
    gsi1pk: `DIGEST_SUBSCRIPTIONS#${frequency}`,
  }),
  digestSubscriptionsPartition: () => ({ gsi2pk: 'DIGEST_SUBSCRIPTIONS' }),
  /**
   * One per address and frequency while subscribed: "one weekly digest per address" is this key's
   * `attribute_not_exists`. The address is normalised by the caller and URI-encoded here.
   */
  digestAddress: (normalizedEmail: string, frequency: string): PrimaryKey => ({
    pk: `DIGEST_ADDRESS#${encodeURIComponent(normalizedEmail)}`,
    sk: `FREQUENCY#${frequency}`,
  }),
  /**
   * Left by an unsubscription, which frees the frequency marker: the stopped subscription still
   * holds the address (its record answers a repeated click), so its address's export and
   * erasure must still find it (docs/data-model.md, E14).
   */
  unsubscribedDigestAddress: (normalizedEmail: string, subscriptionId: string): PrimaryKey => ({
    pk: `DIGEST_ADDRESS#${encodeURIComponent(normalizedEmail)}`,
    sk: `UNSUBSCRIBED#${subscriptionId}`,
  }),
  /** Every marker of one address: its subscriptions, active and stopped. */
  digestAddressPartition: (normalizedEmail: string) => ({
    pk: `DIGEST_ADDRESS#${encodeURIComponent(normalizedEmail)}`,
  }),
};

/** The digest job's delivery records: one per (period, subscription), so a re-run sends nothing twice. */
export const digestKeys = {
  delivery: (period: string, subscriptionId: string): PrimaryKey => ({
    pk: `DIGEST#${period}`,
    sk: `SUBSCRIPTION#${subscriptionId}`,
  }),
};

// ── Privacy: the person index (gsi3), privacy requests, the consent ledger, tombstones ──

/**
 * The prefix of each context's person partitions in gsi3, inside its own key space
 * (`shared/access/key-spaces.ts`), so a context's "everything about this person" query can read
 * no other context's items.
 */
const personIndexPrefix = {
  participation: 'PARTICIPATION#PERSON',
  surveys: 'SURVEYS#PERSON',
  volunteering: 'VOLUNTEERING#PERSON',
  impact: 'IMPACT#PERSON',
  evaluation: 'EVALUATION#PERSON',
  partnerships: 'PARTNERSHIPS#PERSON',
  batches: 'BATCHES#PERSON',
  meetings: 'MEETINGS#PERSON',
  petitions: 'PETITIONS#PERSON',
} as const;

export type PersonIndexContext = keyof typeof personIndexPrefix;

/** A context's gsi3 partition of the items about one person (by keyed identity). */
export function personIndexPartition(context: PersonIndexContext, participantHash: string) {
  return { gsi3pk: `${personIndexPrefix[context]}#${participantHash}` };
}

/**
 * gsi3, the person index: every item that names a person by their keyed identity carries these,
 * so export and erasure find a person's items with one query per context. The sort key is the
 * item's type and key, so one query returns each entity's items together, and nothing is needed
 * but the item itself to build it (the backfill migration builds it the same way).
 */
export function personIndexKeys(
  context: PersonIndexContext,
  participantHash: string,
  item: { type: string; pk: string; sk: string },
) {
  return { ...personIndexPartition(context, participantHash), gsi3sk: `${item.type}#${item.pk}#${item.sk}` };
}

export const privacyKeys = {
  /** A privacy request (export, erase, withdraw consent): its state, steps and keyed identity. */
  request: (requestId: string): PrimaryKey => ({ pk: `PRIVACY#REQUEST#${requestId}`, sk: META }),
  /** gsi1: every request, newest last, for the data-protection officer's list. */
  requestList: (requestId: string) => ({ gsi1pk: 'PRIVACY#REQUESTS', gsi1sk: requestId }),
  requestListPartition: () => ({ gsi1pk: 'PRIVACY#REQUESTS' }),
  /** A delivered export: where the document lies, the hash of its link's token, until when it may be fetched. */
  export: (requestId: string): PrimaryKey => ({ pk: `PRIVACY#REQUEST#${requestId}`, sk: 'EXPORT' }),
  /** The consent ledger of one person: append-only, one item per consent given or withdrawn, in time order. */
  consentRecord: (participantHash: string, recordedAt: string, recordId: string): PrimaryKey => ({
    pk: `PRIVACY#PERSON#${participantHash}`,
    sk: `CONSENT#${recordedAt}#${recordId}`,
  }),
  personPartition: (participantHash: string) => ({ pk: `PRIVACY#PERSON#${participantHash}` }),
  /** Left when a person is erased, holding nothing but the keyed identity: a later batch cannot bring the address back. */
  tombstone: (participantHash: string): PrimaryKey => ({
    pk: `PRIVACY#PERSON#${participantHash}`,
    sk: 'ERASED',
  }),
};

/**
 * Staff-entered batches (paper, phone, events): the batch's item and its rows share one partition,
 * so reconciling a batch (every row against the declared count and the second keying) is one query.
 * Row numbers are zero-padded so the rows sort in order.
 */
export const batchesKeys = {
  batch: (batchId: string): PrimaryKey => ({ pk: `BATCH#${batchId}`, sk: META }),
  /** gsi1: every batch, newest last (ULIDs sort by creation). */
  batchList: (batchId: string) => ({ gsi1pk: 'BATCHES', gsi1sk: batchId }),
  batchListPartition: () => ({ gsi1pk: 'BATCHES' }),
  /** One keying of one row: the first (`ROW#`) and, under double entry, the second (`SECOND#`) apart. */
  row: (batchId: string, rowNumber: number, keying: 1 | 2): PrimaryKey => ({
    pk: `BATCH#${batchId}`,
    sk: `${keying === 1 ? 'ROW#' : 'SECOND#'}${String(rowNumber).padStart(6, '0')}`,
  }),
  rowPrefix: (keying: 1 | 2) => (keying === 1 ? 'ROW#' : 'SECOND#'),
  batchPartition: (batchId: string) => ({ pk: `BATCH#${batchId}` }),
};
