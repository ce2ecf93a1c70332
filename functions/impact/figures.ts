import { computedMetrics } from '../evaluation/metrics';
import type { ActivityRecord } from './ledger';

/**
 * The figures of one scope (the city, or one initiative) for one period, computed from the
 * period's ledger records alone. Pure: the same records give the same figures, in any order.
 */

/**
 * The petition figures: petitions opened (published), signatures confirmed (online and entered
 * from paper), thresholds reached, the city's answers given, and answers that went overdue. Added
 * after summaries were first stored: a summary compiled before them has none (read as null).
 */
export const petitionMetrics = [
  'petitionsOpened',
  'petitionSignatures',
  'petitionThresholdsReached',
  'petitionResponses',
  'petitionResponsesOverdue',
] as const;

/**
 * Every figure of a summary: the metrics an indicator may follow (`computedMetrics`), plus the
 * partner contributions by kind, the city's own spend and the petition figures.
 */
export const metricNames = [
  ...computedMetrics,
  'partnerContributionMoney',
  'partnerContributionInKind',
  'partnerContributionStaffHours',
  'citySpend',
  ...petitionMetrics,
] as const;
export type MetricName = (typeof metricNames)[number];

/** A figure is null when it has no meaning for the period (a rate over nothing). */
export type Figures = Record<MetricName, number | null>;

/** What the ledger cannot say on its own, read from the contexts that keep it. */
export interface ScopeFacts {
  /** When each participant seen this period was first seen in this scope (ISO instants). */
  firstSeen: ReadonlyMap<string, string>;
  /** Seats confirmed and seats offered on the shifts that started in the period. */
  shiftSeats: { confirmed: number; capacity: number };
  /** Partnerships that were active at some moment of the period. */
  partnershipsActive: number;
}

const round = (value: number, places = 4) => Math.round(value * 10 ** places) / 10 ** places;
const ratio = (part: number, whole: number) => (whole === 0 ? null : round(part / whole));

export function computeFigures(
  records: readonly ActivityRecord[],
  facts: ScopeFacts,
  periodStart: Date,
): Figures {
  const of = (kind: ActivityRecord['kind']) => records.filter((record) => record.kind === kind);
  const sum = (list: readonly ActivityRecord[]) => list.reduce((total, r) => total + (r.quantity ?? 0), 0);

  const participants = new Set(records.flatMap((r) => (r.participantHash ? [r.participantHash] : [])));
  let newcomers = 0;
  for (const hash of participants) {
    const first = facts.firstSeen.get(hash);
    // Not yet in the first-seen records means the ledger consumer saw it only now: new.
    if (first === undefined || new Date(first) >= periodStart) newcomers++;
  }

  const responses = of('survey-response');
  const contributions = of('partner-contribution');
  const byContributionKind = (kind: string) => sum(contributions.filter((r) => r.variant === kind));
  const partnerValue =
    byContributionKind('money') + byContributionKind('inKind') + byContributionKind('staffHours');
  const feedback = of('feedback');
  const formed = new Set(of('partnership-formed').map((r) => r.subject));

  return {
    uniqueParticipants: participants.size,
    newParticipants: newcomers,
    returningParticipants: participants.size - newcomers,
    contributions: of('contribution').length,
    votes: of('vote').length,
    surveyResponses: responses.length,
    surveyCompletionRate: ratio(responses.filter((r) => r.complete).length, responses.length),
    volunteerSignups: of('volunteer-signup').length,
    shiftFillRate: ratio(facts.shiftSeats.confirmed, facts.shiftSeats.capacity),
    noShows: of('no-show').length,
    verifiedVolunteerHours: round(sum(of('verified-hours')) / 60, 2),
    trainingCompletions: of('training-completion').length,
    // Public meetings: registrations counted as sign-ups are (confirmed, or waitlisted on `open` meetings), and attendance.
    meetingRegistrations: of('meeting-registration').length,
    meetingAttendance: of('meeting-attendance').length,
    partnershipsActive: facts.partnershipsActive,
    partnershipsNew: formed.size,
    partnerContributionMoney: byContributionKind('money'),
    partnerContributionInKind: byContributionKind('inKind'),
    partnerContributionStaffHours: byContributionKind('staffHours'),
    partnerContributionValue: partnerValue,
    citySpend: byContributionKind('citySpend'),
    feedbackCount: feedback.length,
    feedbackMeanRating: feedback.length === 0 ? null : round(sum(feedback) / feedback.length, 2),
    petitionsOpened: of('petition-opened').length,
    // Signatures count as confirmed, whoever signed; their signers count among the participants.
    petitionSignatures: of('petition-signature').length,
    petitionThresholdsReached: of('petition-threshold').length,
    petitionResponses: of('petition-answer').length,
    petitionResponsesOverdue: of('petition-overdue').length,
  };
}

export interface Change {
  previous: number | null;
  absolute: number | null;
  /** (current − previous) ÷ previous; null when the previous figure is 0 or unknown. */
  relative: number | null;
}

/** Each figure against the previous period's. */
export function compareFigures(current: Figures, previous: Figures): Record<MetricName, Change> {
  const changes = {} as Record<MetricName, Change>;
  for (const name of metricNames) {
    const now = current[name];
    const before = previous[name];
    const known = now !== null && before !== null;
    changes[name] = {
      previous: before,
      absolute: known ? round(now - before) : null,
      relative: known && before !== 0 ? round((now - before) / before) : null,
    };
  }
  return changes;
}
