import { z } from 'zod';

/**
 * How a city runs petitions: deploy config `petitions` (`infra/config.ts`), handed to every
 * function as the JSON variable `PETITIONS` (`shared/config/runtime.ts`). One schema for both, so
 * `cdk deploy`, `npm start` and the functions agree on every default.
 */

/**
 * A threshold as configured: an absolute number of signatures, or a share of the people living in
 * the whole city or in the petition's neighbourhood (deploy config `population`). Turned into a
 * number when the petition is published and copied onto it, so changing this never changes a
 * published petition.
 */
export const thresholdRule = z.union([
  z.object({ signatures: z.number().int().min(1).max(100_000_000) }).strict(),
  z
    .object({
      shareOfPopulation: z.number().gt(0).max(1),
      population: z.enum(['city', 'neighbourhood']).default('city'),
    })
    .strict(),
]);
export type ThresholdRule = z.output<typeof thresholdRule>;

const petitionType = z
  .object({
    /** Signatures after which the city must answer in public. */
    response: thresholdRule,
    /** Signatures after which the council must discuss the petition. */
    debate: thresholdRule,
  })
  .strict();

export const petitionsConfig = z
  .object({
    /** Confirmed sponsors (besides the creator) a draft needs before staff moderate it. */
    sponsorsNeeded: z.number().int().min(0).max(50).default(5),
    /** How long a published petition collects signatures, in months. */
    openMonths: z.number().int().min(1).max(24).default(6),
    /** Thresholds per petition type; a petition names its type (the first is the default). */
    types: z
      .record(z.string().regex(/^[a-z][a-z0-9-]{1,39}$/), petitionType)
      .refine((types) => Object.keys(types).length > 0, 'name at least one petition type')
      .default({
        city: { response: { signatures: 500 }, debate: { signatures: 5000 } },
        neighbourhood: {
          response: { shareOfPopulation: 0.01, population: 'neighbourhood' },
          debate: { shareOfPopulation: 0.05, population: 'neighbourhood' },
        },
      }),
    /** Days the city has to answer once `response` is reached. */
    responseDays: z.number().int().min(1).max(365).default(30),
    /** Days before that deadline the admins are reminded. */
    reminderDaysBefore: z.number().int().min(1).max(60).default(7),
    /** Days a petition may wait for moderation before the digest flags it. */
    moderationOverdueDays: z.number().int().min(1).max(90).default(7),
    /** Who gets the deadline reminders (the city's petitions team). */
    staffEmails: z.array(z.email()).max(20).default([]),
    /** How long an emailed signature link works, in hours. */
    confirmationHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 14)
      .default(72),
    /**
     * The household rule: people sharing one address may each sign, under different names, up to
     * `maxNames` per address. Off: one signature per address.
     */
    household: z
      .object({ enabled: z.boolean().default(false), maxNames: z.number().int().min(2).max(10).default(4) })
      .strict()
      .prefault({}),
    /** Counter shards per petition: more spreads concurrent confirmations wider, reading the total reads more items. */
    counterShards: z.number().int().min(1).max(100).default(10),
  })
  .strict()
  .prefault({});

export type PetitionsConfig = z.output<typeof petitionsConfig>;
