import type { SeatedKind } from '../../events/volunteering';
import type { LocalizedText } from '../../shared/domain/localized-text';
import { isActive } from '../../shared/domain/seats/rules';
import type { PersonalRecords } from '../../shared/privacy/person';
import type { StoredClaim, StoredHoursEntry, StoredVolunteer } from './store';

/**
 * What volunteering holds about a person, as they would read it in their export: their profile,
 * their sign-ups and enrolments with each activity's title, times and status, and their hours.
 * Never a token, a key, a hash, or a staff member's identity (who entered or verified hours).
 */

type Value = string | number | boolean | null;

/** A title in the city's first language, else in the first it was written in. */
const titleIn = (title: LocalizedText, language: string) => title[language] ?? Object.values(title)[0] ?? '';

const orNull = (value: string | number | undefined): Value => value ?? null;

const claimRecord = (claim: StoredClaim, language: string): Record<string, Value> => ({
  [claim.kind === 'shift' ? 'signupId' : 'enrolmentId']: claim.claimId,
  [claim.kind === 'shift' ? 'shiftId' : 'sessionId']: claim.activityId,
  title: titleIn(claim.title, language),
  startsAt: claim.startsAt,
  endsAt: claim.endsAt,
  timeZone: claim.timeZone,
  location: claim.location?.name ?? null,
  status: claim.status,
  name: claim.contact.name,
  email: claim.contact.email,
  phone: orNull(claim.contact.phone),
  consentToContact: claim.contact.consentToContact,
  skills: claim.skills.join('; '),
  signedUpAt: claim.createdAt,
  confirmedAt: orNull(claim.confirmedAt),
  cancelledAt: orNull(claim.cancelledAt),
  checkedInAt: orNull(claim.checkedInAt),
  checkedOutAt: orNull(claim.checkedOutAt),
  minutes: orNull(claim.minutes),
  completedAt: orNull(claim.completedAt),
});

const hoursRecord = (entry: StoredHoursEntry): Record<string, Value> => ({
  entryId: entry.entryId,
  initiativeId: entry.initiativeId,
  source: entry.source,
  startedAt: entry.startedAt,
  endedAt: entry.endedAt,
  minutes: entry.minutes,
  status: entry.status,
  note: orNull(entry.note),
  enteredAt: entry.enteredAt,
  verifiedAt: orNull(entry.verifiedAt),
});

const volunteerRecord = (volunteer: StoredVolunteer): Record<string, Value> => ({
  volunteerId: volunteer.volunteerId,
  name: volunteer.contact.name,
  email: volunteer.contact.email,
  phone: orNull(volunteer.contact.phone),
  consentToContact: volunteer.contact.consentToContact,
  skills: volunteer.skills.join('; '),
  trainedSkills: volunteer.trainedSkills.join('; '),
  verifiedMinutes: volunteer.verifiedMinutes,
  createdAt: volunteer.createdAt,
});

const byStart = (a: StoredClaim, b: StoredClaim) => Date.parse(a.startsAt) - Date.parse(b.startsAt);

/** The person's records, one entity each (entities they have nothing of are left out). */
export function volunteeringRecords(
  held: { volunteers: StoredVolunteer[]; claims: StoredClaim[]; hours: StoredHoursEntry[] },
  language: string,
): PersonalRecords[] {
  const claimsOf = (kind: SeatedKind) =>
    held.claims
      .filter((claim) => claim.kind === kind)
      .sort(byStart)
      .map((claim) => claimRecord(claim, language));
  const all: PersonalRecords[] = [
    { entity: 'Volunteer', records: held.volunteers.map(volunteerRecord) },
    { entity: 'Signup', records: claimsOf('shift') },
    { entity: 'Enrolment', records: claimsOf('training') },
    {
      entity: 'HoursEntry',
      records: [...held.hours]
        .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt))
        .map(hoursRecord),
    },
  ];
  return all.filter((entity) => entity.records.length > 0);
}

/**
 * Whether an erasure cancels the claim (through the ordinary cancellation, which passes the seat
 * to the first person waiting) rather than keep it anonymously: holds and waitlist places (pending
 * things go), and confirmed seats on activities not yet started, since nobody could then remind
 * the person or take the seat back. Seats on activities that started stay, anonymous, as the
 * record of what happened.
 */
export function erasureCancels(claim: StoredClaim, now: Date): boolean {
  if (!isActive(claim.status)) return false;
  if (claim.status !== 'confirmed') return true;
  return !claim.checkedInAt && Date.parse(claim.startsAt) > now.getTime();
}
