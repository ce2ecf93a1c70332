import type { SeatedKind } from '../../events/volunteering';
import { getItem, tableName } from '../../shared/db/items';
import { volunteeringKeys as keys } from '../../shared/db/keys';
import type { TransactItem } from '../../shared/db/seats/items';
import type { ClaimantHook } from '../../shared/db/seats/mechanism';
import { commitmentOf, commitTo } from './commitments';
import { parseVolunteer } from './dynamo-items';
import { personalAttributes } from './dynamo-person-keys';
import type { Commitment, NewClaim, StoredClaim, StoredVolunteer } from './store';

/**
 * Volunteering's side of the shared seat mechanism: the volunteer profile as the claimant's own
 * record. Every claim writes it in the claim's transaction (contact, skills, commitments; its
 * `version` the condition), and a claim overlapping one of its commitments is refused
 * (`commitments.ts`); a claim leaving takes its commitment off.
 */

/** The `type` marker of a seated activity's item and of its claims' items. */
export const itemTypes: Record<SeatedKind, { activity: string; claim: string }> = {
  shift: { activity: 'Shift', claim: 'Signup' },
  training: { activity: 'TrainingSession', claim: 'Enrolment' },
};

export async function readVolunteer(volunteerId: string): Promise<StoredVolunteer | undefined> {
  const item = await getItem(keys.volunteer(volunteerId), { consistentRead: true });
  return item ? parseVolunteer(item) : undefined;
}

/** The claim a commitment on a profile stands for (`<kind>#<activityId>`, keyed by claim ID). */
const kindOfCommitment = (activity: string): SeatedKind =>
  activity.startsWith('training#') ? 'training' : 'shift';

/** The profile as the claimant hook: `input` is the skills the sign-up adds to it. */
export const volunteerClaimant: ClaimantHook<SeatedKind, StoredClaim, StoredVolunteer, readonly string[]> = {
  read: (claim) => readVolunteer(claim.volunteerId),
  admit(volunteer, claim, now, skills) {
    const commitment = commitTo(volunteer, claim.claimId, commitmentOf(claim), now);
    if ('refused' in commitment)
      return {
        refused: commitment.refused,
        by: {
          kind: kindOfCommitment(volunteer?.commitments[commitment.by]?.activity ?? ''),
          claimId: commitment.by,
        },
      };
    return { write: volunteerUpdate(volunteer, claim, commitment.commitments, skills, now) };
  },
  parse: parseVolunteer,
  release: (claim) => [
    {
      Update: {
        TableName: tableName(),
        Key: keys.volunteer(claim.volunteerId),
        UpdateExpression: 'REMOVE commitments.#claim SET version = version + :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#claim': claim.claimId },
        ExpressionAttributeValues: { ':one': 1 },
      },
    },
  ],
};

function volunteerUpdate(
  volunteer: StoredVolunteer | undefined,
  claim: NewClaim,
  commitments: Record<string, Commitment>,
  skills: readonly string[],
  now: string,
): TransactItem {
  const addSkills = skills.length > 0 ? ' ADD skills :skills' : '';
  const Key = keys.volunteer(claim.volunteerId);
  // Every sign-up writes the profile again, so it is kept for the retention after the latest one.
  const personal = personalAttributes({ type: 'Volunteer', ...Key }, claim.participantHash, now);
  const personalSet =
    'participantHash = :hash, gsi3pk = :gsi3pk, gsi3sk = :gsi3sk, expiresAt = :expiresAt, #retention = :retention';
  const values: Record<string, unknown> = {
    ':contact': claim.contact,
    ':commitments': commitments,
    ...(skills.length > 0 ? { ':skills': new Set(skills) } : {}),
    ':hash': personal.participantHash,
    ':gsi3pk': personal.gsi3pk,
    ':gsi3sk': personal.gsi3sk,
    ':expiresAt': personal.expiresAt,
    ':retention': personal.retention,
  };
  if (volunteer) {
    return {
      Update: {
        TableName: tableName(),
        Key,
        UpdateExpression: `SET contact = :contact, commitments = :commitments, version = :next, ${personalSet}${addSkills}`,
        ConditionExpression: 'version = :version',
        ExpressionAttributeNames: { '#retention': 'retention' },
        ExpressionAttributeValues: {
          ...values,
          ':version': volunteer.version,
          ':next': volunteer.version + 1,
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    };
  }
  return {
    Update: {
      TableName: tableName(),
      Key,
      UpdateExpression: `SET #type = :type, volunteerId = :volunteerId, contact = :contact, commitments = :commitments, verifiedMinutes = :zero, version = :one, createdAt = :now, ${personalSet}${addSkills}`,
      ConditionExpression: 'attribute_not_exists(pk)',
      ExpressionAttributeNames: { '#type': 'type', '#retention': 'retention' },
      ExpressionAttributeValues: {
        ...values,
        ':type': 'Volunteer',
        ':volunteerId': claim.volunteerId,
        ':zero': 0,
        ':one': 1,
        ':now': now,
      },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}
