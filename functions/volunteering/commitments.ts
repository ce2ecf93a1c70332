import type { Commitment, NewClaim, StoredVolunteer } from './store';
import { utcInstant } from './time';

/**
 * Volunteering's own rule on top of the shared seat mechanism: a person's seats, holds and
 * waitlist places are commitments kept on their profile, and a claim overlapping one in time is
 * refused. Pure: `dynamo-seat-items.ts` is the claimant hook that applies it in the claim's
 * transaction.
 */

/** The time a claim promises, as kept on the person's profile to refuse overlaps. */
export const commitmentOf = (
  claim: Pick<NewClaim, 'kind' | 'activityId' | 'startsAt' | 'endsAt'>,
): Commitment => ({
  activity: `${claim.kind}#${claim.activityId}`,
  startsAt: utcInstant(claim.startsAt),
  endsAt: utcInstant(claim.endsAt),
});

/** Commitments still to come (or under way) at `now`; past ones are dropped as the profile is rewritten. */
export function currentCommitments(
  volunteer: Pick<StoredVolunteer, 'commitments'> | undefined,
  now: string,
): Record<string, Commitment> {
  const cutoff = Date.parse(now);
  return Object.fromEntries(
    Object.entries(volunteer?.commitments ?? {}).filter(([, c]) => Date.parse(c.endsAt) > cutoff),
  );
}

export const overlaps = (a: Commitment, b: Commitment) =>
  Date.parse(a.startsAt) < Date.parse(b.endsAt) && Date.parse(b.startsAt) < Date.parse(a.endsAt);

/**
 * Whether a person may take on `interval`: a second claim on the same activity is a duplicate, one
 * overlapping another seat, hold or waitlist place an overlap (`by` names the claim in the way).
 * Otherwise the commitments to keep on the profile, this claim's included.
 */
export function commitTo(
  volunteer: Pick<StoredVolunteer, 'commitments'> | undefined,
  claimId: string,
  interval: Commitment,
  now: string,
): { refused: 'duplicate' | 'overlap'; by: string } | { commitments: Record<string, Commitment> } {
  const commitments = currentCommitments(volunteer, now);
  const entries = Object.entries(commitments);
  const same = entries.find(([, other]) => other.activity === interval.activity);
  if (same) return { refused: 'duplicate', by: same[0] };
  const clash = entries.find(([, other]) => overlaps(other, interval));
  if (clash) return { refused: 'overlap', by: clash[0] };
  commitments[claimId] = interval;
  return { commitments };
}
