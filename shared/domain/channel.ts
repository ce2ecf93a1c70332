import { z } from 'zod';

/**
 * Where a record a resident created came from. `web` is every public route's (a form on the
 * city's site, a JavaScript client); the others reach Civic only through staff routes and
 * batches, which keep their provenance, so a city can see whether its paper effort reached
 * people the web does not.
 */
export const channels = ['web', 'paper', 'phone', 'in-person', 'sms', 'kiosk', 'email'] as const;
export type Channel = (typeof channels)[number];

/** What a record or event without a channel (written before channels existed) came from. */
export const defaultChannel: Channel = 'web';

export const channelSchema = z
  .enum(channels)
  .describe(
    'Where the record came from: `web` for public routes; the others through staff routes and batches.',
  );

/** A stored item's or an event's channel: absent on those written before channels existed, which were `web`. */
export const storedChannel = channelSchema.default(defaultChannel);

/**
 * The `channel` field of a public route's body. A resident's own post is always `web`; naming
 * another channel there is refused (422 naming the field) rather than quietly ignored,
 * so a script that means to enter paper responses learns it needs a staff route or a batch.
 */
export const publicChannelField = {
  channel: z
    .literal(defaultChannel, {
      error: 'Public routes record `web`; other channels are entered by staff (batches).',
    })
    .optional()
    .describe('Always `web` here (may be omitted); other channels are entered by staff through batches.'),
};
