import { z } from 'zod';
import { parseEntity } from '../../shared/db/items';
import type { WaitingEntry } from '../../shared/db/seats/mechanism';
import { channelSchema, defaultChannel } from '../../shared/domain/channel';
import { issuedLinkTokens } from '../../shared/domain/link-tokens';
import { accommodations as accommodationsSchema, meetingFormats, registrationStatuses } from './schemas';
import type { StoredMeeting, StoredRegistration } from './store';

/**
 * The meetings items as stored, parsed at the storage boundary: each schema lists every field the
 * code writes (zod drops the rest, such as keys and retention attributes).
 */

const text = z.record(z.string(), z.string());
const channel = channelSchema.default(defaultChannel);

const storedMeeting: z.ZodType<StoredMeeting> = z.object({
  kind: z.literal('meeting'),
  activityId: z.string(),
  assurance: z.enum(['open', 'email']),
  engagementId: z.string(),
  initiativeId: z.string(),
  title: text,
  description: text.optional(),
  startsAt: z.string(),
  endsAt: z.string(),
  timeZone: z.string(),
  format: z.enum(meetingFormats),
  place: z.object({ address: z.string(), point: z.object({ lat: z.number(), lon: z.number() }) }).optional(),
  link: z.string().optional(),
  accessibility: z.array(z.string()),
  languages: z.array(z.string()),
  limited: z.boolean(),
  capacity: z.number(),
  confirmed: z.number(),
  taken: z.number(),
  holds: z.record(z.string(), z.number()).default({}),
  waiting: z.number(),
  waitlistIssued: z.number(),
  claims: z.number(),
  cancellations: z.number(),
  promotions: z.number(),
  lineServed: z.number().optional(),
  attended: z.number().default(0),
  record: z.object({ minutes: text, outcomes: z.array(text), publishedAt: z.string() }).optional(),
  createdAt: z.string(),
});

/** An erased or anonymised registrant's contact reads as empty, which no mail goes to. */
const contact = z
  .object({
    name: z.string(),
    email: z.string(),
    phone: z.string().optional(),
    consentToContact: z.boolean(),
  })
  .default({ name: '', email: '', consentToContact: false });

const storedRegistration: z.ZodType<StoredRegistration> = z.object({
  kind: z.literal('meeting'),
  claimId: z.string(),
  activityId: z.string(),
  engagementId: z.string(),
  initiativeId: z.string(),
  participantHash: z.string().default(''),
  status: z.enum(registrationStatuses),
  assurance: z.enum(['open', 'email']),
  channel,
  holdExpiresAt: z.number().optional(),
  tokenHash: z.string().optional(),
  confirmedAt: z.string().optional(),
  expiredAt: z.string().optional(),
  ticket: z.number().optional(),
  contact,
  accommodations: accommodationsSchema.optional().catch(undefined),
  accommodationAnswer: z
    .object({ met: z.boolean(), message: z.string().optional(), answeredAt: z.string() })
    .optional(),
  cancelTokens: issuedLinkTokens.default([]),
  title: text,
  startsAt: z.string(),
  endsAt: z.string(),
  timeZone: z.string(),
  createdAt: z.string(),
  promotedAt: z.string().optional(),
  cancelledAt: z.string().optional(),
  cancelledBy: z.enum(['registrant', 'staff']).optional(),
  attendedAt: z.string().optional(),
  attendanceChannel: channelSchema.exclude(['web']).optional(),
  attendanceProvenance: z
    .object({ batchId: z.string(), rowNumber: z.number(), enteredBy: z.string(), collectedAt: z.string() })
    .optional(),
});

const waitingEntry: z.ZodType<WaitingEntry> = z.object({
  claimId: z.string(),
  ticket: z.number(),
  channel,
});

type Item = Record<string, unknown>;

export const parseMeeting = (item: Item): StoredMeeting => parseEntity(storedMeeting, item);
export const parseRegistration = (item: Item): StoredRegistration => parseEntity(storedRegistration, item);
export const parseWaitingEntry = (item: Item): WaitingEntry => parseEntity(waitingEntry, item);
