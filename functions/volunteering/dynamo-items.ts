import { z } from 'zod';
import { parseEntity } from '../../shared/db/items';
import type { WaitingEntry as SeatWaitingEntry } from '../../shared/db/seats/mechanism';
import { channelSchema, defaultChannel } from '../../shared/domain/channel';
import { issuedLinkTokens, legacyTokenAsIssued } from '../../shared/domain/link-tokens';
import { claimStatuses, hoursEntry, type Opportunity, opportunity } from './schemas';
import type { StoredActivity, StoredClaim, StoredHoursEntry, StoredVolunteer } from './store';

/**
 * The volunteering items as stored, parsed at the storage boundary: each schema lists every field
 * the code writes (zod drops the rest), optional where a write may leave it out.
 */

const text = z.record(z.string(), z.string());
const place = z.object({
  name: z.string(),
  address: z.string().optional(),
  lat: z.number().optional(),
  lon: z.number().optional(),
});
const seatedKind = z.enum(['shift', 'training']);

/** Items from before assurance levels hold no `assurance` (they counted at once: `open`), `taken` or `holds`. */
const assurance = z.enum(['open', 'email']).default('open');

const storedActivity: z.ZodType<StoredActivity> = z
  .object({
    kind: seatedKind,
    assurance,
    activityId: z.string(),
    initiativeId: z.string(),
    opportunityId: z.string().optional(),
    title: text,
    description: text.optional(),
    startsAt: z.string(),
    endsAt: z.string(),
    timeZone: z.string(),
    location: place.optional(),
    skillsGained: z.array(z.string()).optional(),
    minimumAge: z.number().optional(),
    capacity: z.number(),
    confirmed: z.number(),
    taken: z.number().optional(),
    holds: z.record(z.string(), z.number()).optional(),
    waiting: z.number(),
    waitlistIssued: z.number(),
    claims: z.number(),
    cancellations: z.number(),
    promotions: z.number(),
    lineServed: z.number().optional(),
    attended: z.number(),
    noShows: z.number(),
    verifiedMinutes: z.number(),
    completed: z.number(),
    createdAt: z.string(),
  })
  .transform(({ taken, holds, ...activity }) => ({
    ...activity,
    taken: taken ?? activity.confirmed,
    holds: holds ?? {},
  }));

/**
 * An erased or anonymised person's claims and profile keep no contact (`dynamo-personal-data.ts`):
 * read as an empty one, which no mail goes to.
 */
const contact = z
  .object({
    name: z.string(),
    email: z.string(),
    phone: z.string().optional(),
    consentToContact: z.boolean(),
  })
  .default({ name: '', email: '', consentToContact: false });
/** Claims (and waitlist entries) from before channels were kept came through the web. */
const channel = channelSchema.default(defaultChannel);
/** Gone with the person's contact: read as empty, which names no one. */
const participantHash = z.string().default('');

/**
 * A claim as stored. Its cancel links are hashes (`cancelTokens`); a claim from before hashing
 * holds its raw `cancelToken`, read as its hash and flagged, so the service never sees a token
 * and the store replaces it on first use.
 */
const storedClaim: z.ZodType<StoredClaim> = z
  .object({
    kind: seatedKind,
    claimId: z.string(),
    activityId: z.string(),
    initiativeId: z.string(),
    opportunityId: z.string().optional(),
    volunteerId: z.string(),
    participantHash,
    status: z.enum(claimStatuses),
    assurance,
    channel,
    holdExpiresAt: z.number().optional(),
    tokenHash: z.string().optional(),
    confirmedAt: z.string().optional(),
    expiredAt: z.string().optional(),
    ticket: z.number().optional(),
    contact,
    skills: z.array(z.string()).default([]),
    cancelTokens: issuedLinkTokens.optional(),
    cancelToken: z.string().optional(),
    title: text,
    startsAt: z.string(),
    endsAt: z.string(),
    timeZone: z.string(),
    location: place.optional(),
    createdAt: z.string(),
    promotedAt: z.string().optional(),
    cancelledAt: z.string().optional(),
    cancelledBy: z.enum(['volunteer', 'staff']).optional(),
    checkedInAt: z.string().optional(),
    checkedOutAt: z.string().optional(),
    minutes: z.number().optional(),
    noShowAt: z.string().optional(),
    completedAt: z.string().optional(),
  })
  .transform(({ cancelToken, cancelTokens, ...claim }) => ({
    ...claim,
    cancelTokens: [...(cancelTokens ?? []), ...legacyTokenAsIssued(cancelToken, claim.createdAt)],
    ...(cancelToken === undefined ? {} : { rawCancelTokenStored: true }),
  }));

const commitment = z.object({ activity: z.string(), startsAt: z.string(), endsAt: z.string() });
/** A DynamoDB string set (a `Set` once read), as a sorted list; absent is empty. */
const stringSet = z
  .unknown()
  .optional()
  .transform((value) => (value instanceof Set ? [...value].map(String).sort() : []));

/** The profile, with its string sets as sorted lists. */
const storedVolunteer: z.ZodType<StoredVolunteer> = z.object({
  volunteerId: z.string(),
  participantHash,
  contact,
  skills: stringSet,
  trainedSkills: stringSet,
  commitments: z
    .record(z.string(), commitment)
    .optional()
    .transform((value) => value ?? {}),
  verifiedMinutes: z
    .number()
    .optional()
    .transform((value) => value ?? 0),
  version: z.number(),
  createdAt: z.string(),
});

/** A place on a waitlist, in ticket order under the activity's partition. */
export interface WaitingEntry extends SeatWaitingEntry {
  volunteerId: string;
}
const waitingEntry: z.ZodType<WaitingEntry> = z.object({
  claimId: z.string(),
  volunteerId: z.string(),
  ticket: z.number(),
  channel,
});

type Item = Record<string, unknown>;

export const parseOpportunity = (item: Item): Opportunity => parseEntity(opportunity, item);
export const parseActivity = (item: Item): StoredActivity => parseEntity(storedActivity, item);
export const parseClaim = (item: Item): StoredClaim => parseEntity(storedClaim, item);
export const parseVolunteer = (item: Item): StoredVolunteer => parseEntity(storedVolunteer, item);
export const parseWaitingEntry = (item: Item): WaitingEntry => parseEntity(waitingEntry, item);
export const parseHoursEntry = (item: Item): StoredHoursEntry => parseEntity(hoursEntry, item);
