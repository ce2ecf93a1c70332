import { addDays, addMonths } from 'date-fns';
import type { ThresholdLevel } from '../../events/petitions';
import type { PetitionsConfig, ThresholdRule } from '../../shared/config/petitions';
import { ConflictError, InvalidFieldError } from '../../shared/domain/errors';
import { sameNeighbourhood } from '../../shared/domain/neighbourhood';
import type { FixedThresholds, PetitionStatus, StoredPetition } from './schemas';

/**
 * The petitions context's rules, pure: which neighbourhood a resident means, what a threshold is
 * when a petition is published, when each threshold and deadline falls, and what a signature is
 * for at each stage of the petition.
 */

/**
 * The city's spelling of a neighbourhood a resident chose, when the city lists its neighbourhoods
 * (deploy config `population.neighbourhoods`); any name when it lists none.
 */
export function cityNeighbourhood(
  given: string,
  cityNeighbourhoods: readonly string[],
  field: string,
): string {
  if (cityNeighbourhoods.length === 0) return given;
  const known = cityNeighbourhoods.find((name) => sameNeighbourhood(name, given));
  if (!known)
    throw new InvalidFieldError(
      field,
      `Please choose one of the city’s neighbourhoods: ${cityNeighbourhoods.join(', ')}.`,
    );
  return known;
}

/** The petition type a draft names, or the city's first; an unknown one is the field's error. */
export function petitionType(given: string | undefined, config: PetitionsConfig): string {
  const types = Object.keys(config.types);
  const type = given ?? types[0];
  if (type === undefined || !types.includes(type))
    throw new InvalidFieldError(
      'body.petitionType',
      `Use one of the city’s petition types: ${types.join(', ')}.`,
    );
  return type;
}

/** Residents counted by the population a rule names; undefined when the city has no figure for it. */
function populationOf(
  rule: Extract<ThresholdRule, { shareOfPopulation: number }>,
  petition: Pick<StoredPetition, 'neighbourhood'>,
  population: Readonly<Record<string, number>>,
): number | undefined {
  if (rule.population === 'city') {
    const counts = Object.values(population);
    return counts.length > 0 ? counts.reduce((sum, count) => sum + count, 0) : undefined;
  }
  if (!petition.neighbourhood) return undefined;
  const entry = Object.entries(population).find(([name]) =>
    sameNeighbourhood(name, petition.neighbourhood ?? ''),
  );
  return entry?.[1];
}

/**
 * The thresholds a petition gets when it is published: the type's rules turned into numbers now,
 * so a later change of the configuration or of the population figures never moves them. A share
 * with no population to take it of is a conflict staff must fix in the configuration first.
 */
export function fixThresholds(
  petition: Pick<StoredPetition, 'petitionType' | 'neighbourhood'>,
  config: PetitionsConfig,
  population: Readonly<Record<string, number>>,
): FixedThresholds {
  const type = config.types[petition.petitionType];
  if (!type)
    throw new ConflictError(
      `The petition type “${petition.petitionType}” is no longer in the configuration; add it back to publish this petition.`,
      'unknown-petition-type',
    );
  const fix = (level: ThresholdLevel) => {
    const rule = type[level];
    if ('signatures' in rule) return { signatures: rule.signatures, rule: `${rule.signatures} signatures` };
    const residents = populationOf(rule, petition, population);
    if (residents === undefined)
      throw new ConflictError(
        rule.population === 'city'
          ? 'The city’s population is not configured (deploy config `population.neighbourhoods`), so a share of it cannot be fixed as a threshold.'
          : 'This petition’s neighbourhood has no population figure (deploy config `population.neighbourhoods`), so a share of it cannot be fixed as a threshold.',
        'no-population',
      );
    const signatures = Math.max(1, Math.ceil(residents * rule.shareOfPopulation));
    const where = rule.population === 'city' ? 'the city’s' : `${petition.neighbourhood}’s`;
    return {
      signatures,
      rule: `${+(rule.shareOfPopulation * 100).toFixed(4)}% of ${where} ${residents} residents`,
    };
  };
  return { response: fix('response'), debate: fix('debate') };
}

/** When a petition published at `publishedAt` stops collecting signatures. */
export const closingDate = (publishedAt: Date, config: PetitionsConfig): Date =>
  addMonths(publishedAt, config.openMonths);

/** The answer's deadline, counted from the moment `response` was reached. */
export const responseDeadline = (reachedAt: Date, config: PetitionsConfig): Date =>
  addDays(reachedAt, config.responseDays);

/** When the admins are reminded of a deadline. */
export const reminderTime = (dueAt: Date, config: PetitionsConfig): Date =>
  addDays(dueAt, -config.reminderDaysBefore);

/** The levels a total reaches that the petition has not yet marked as reached. */
export function newlyReached(
  petition: Pick<StoredPetition, 'thresholds' | 'reached'>,
  total: number,
): ThresholdLevel[] {
  if (!petition.thresholds) return [];
  return (['response', 'debate'] as const).filter(
    (level) =>
      petition.reached[level] === undefined && total >= (petition.thresholds?.[level].signatures ?? Infinity),
  );
}

/** What a signature is, by the petition's stage when it is given; refused where the petition takes none. */
export function signatureRoleAt(status: PetitionStatus): 'sponsor' | 'signer' {
  switch (status) {
    case 'gathering-sponsors':
      return 'sponsor';
    case 'published':
      return 'signer';
    case 'awaiting-moderation':
      throw new ConflictError(
        'This petition has all the sponsors it needs and is waiting for the city to check it; you can sign it once it is published.',
        'petition-not-open',
      );
    case 'closed':
      throw new ConflictError(
        'This petition is closed: it no longer collects signatures.',
        'petition-closed',
      );
    default:
      throw new ConflictError('This petition does not collect signatures.', 'petition-not-open');
  }
}

/** Whether a published petition is past its closing date (the closing job may not have run yet). */
export const isPastClosing = (petition: Pick<StoredPetition, 'closesAt'>, now: Date): boolean =>
  petition.closesAt !== undefined && new Date(petition.closesAt).getTime() <= now.getTime();

/** The signer key: the keyed address hash, with a keyed name hash where several names may share an address. */
export const signerKeyOf = (participantHash: string, householdNameHash: string | undefined): string =>
  householdNameHash ? `${participantHash}#${householdNameHash}` : participantHash;

/** A name as the household rule compares it: case, accents and spacing make no second person. */
export const comparableName = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** The counter shard a confirmation adds to: random, so a crowd spreads over all of them. */
export const pickShard = (shards: number, random: () => number = Math.random): number =>
  Math.min(shards - 1, Math.floor(random() * shards));

/** The domain of an address, for invalidation by domain. */
export const emailDomainOf = (email: string): string =>
  email
    .slice(email.lastIndexOf('@') + 1)
    .trim()
    .toLowerCase();
