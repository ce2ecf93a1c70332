import { describe, expect, it } from 'vitest';
import {
  contextKeySpaces,
  type KeySpaceContext,
  keySpaceOf,
  matchesKeyPattern,
  outboxKeySpace,
} from '../../../shared/access/key-spaces';
import {
  batchesKeys,
  digestKeys,
  evaluationKeys,
  impactKeys,
  keys,
  meetingsKeys,
  petitionsKeys,
  volunteeringKeys,
} from '../../../shared/db/keys';

/**
 * Every key builder, called with sample arguments: strings become IDs, numbers become 1, the seated
 * kinds and list scopes are tried one by one. Their partition key values (`pk`, `gsi1pk`, `gsi2pk`)
 * are what IAM's `dynamodb:LeadingKeys` sees on a write or a query.
 */
const keyGroups = {
  keys,
  volunteeringKeys,
  meetingsKeys,
  impactKeys,
  evaluationKeys,
  digestKeys,
  batchesKeys,
  petitionsKeys,
};

const sampleArguments: readonly (readonly unknown[])[] = [
  ['01J00000000000000000000001', '01J00000000000000000000002', '01J00000000000000000000003', '2026-11-02'],
  ['shift', '01J00000000000000000000002', '01J00000000000000000000003', '2026-11-02'],
  ['training', '01J00000000000000000000002', '01J00000000000000000000003', '2026-11-02'],
  ['ORGANIZATIONS', 'North End', 'charity'],
  ['DIRECTORY', 'North End', 'charity'],
  ['open', 'active'],
];

function partitionValuesOf(built: unknown): string[] {
  if (typeof built !== 'object' || built === null) return [];
  const record = built as Record<string, unknown>;
  return ['pk', 'gsi1pk', 'gsi2pk'].flatMap((name) =>
    typeof record[name] === 'string' ? [record[name] as string] : [],
  );
}

function builtPartitions(): { builder: string; value: string }[] {
  return Object.entries(keyGroups).flatMap(([group, builders]) =>
    Object.entries(builders as Record<string, (...args: unknown[]) => unknown>).flatMap(([name, build]) =>
      sampleArguments.flatMap((args) => {
        let built: unknown;
        try {
          built = build(...args.map((arg, index) => (index === 1 && name.includes('Version') ? 1 : arg)));
        } catch {
          return [];
        }
        // Arguments of the wrong kind for a builder (a seated kind where an ID goes) make no key.
        return partitionValuesOf(built)
          .filter((value) => !value.includes('undefined'))
          .map((value) => ({ builder: `${group}.${name}`, value }));
      }),
    ),
  );
}

describe('context key spaces', () => {
  it('put every partition the key builders make in a context space, or the shared outbox and idempotency partitions', () => {
    // Prepare
    const partitions = builtPartitions();

    // Act
    const homeless = partitions.filter(
      ({ value }) =>
        keySpaceOf(value) === undefined &&
        !matchesKeyPattern(value, outboxKeySpace) &&
        !value.startsWith('IDEMPOTENCY#'),
    );

    // Assess
    expect(partitions.length).toBeGreaterThan(60);
    expect(homeless).toEqual([]);
  });

  it('never let one partition value fall in two contexts', () => {
    // Prepare
    const contexts = Object.keys(contextKeySpaces) as KeySpaceContext[];
    const overlaps: string[] = [];

    // Act
    for (const a of contexts)
      for (const b of contexts) {
        if (a >= b) continue;
        for (const pa of contextKeySpaces[a] as readonly string[])
          for (const pb of contextKeySpaces[b] as readonly string[]) {
            const fixedA = pa.replace(/\*$/, '');
            const fixedB = pb.replace(/\*$/, '');
            // Two patterns overlap when one's fixed part is matched by the other.
            if (matchesKeyPattern(fixedA, pb) || matchesKeyPattern(fixedB, pa))
              overlaps.push(`${a} ${pa} ~ ${b} ${pb}`);
          }
      }

    // Assess
    expect(overlaps).toEqual([]);
  });

  it('gives each context its own partition of what it links to an initiative', () => {
    // Prepare
    const initiativeId = '01J00000000000000000000001';

    // Act
    const owners = {
      engagements: keySpaceOf(keys.engagementList('01J00000000000000000000009', initiativeId).gsi2pk),
      partnerships: keySpaceOf(keys.initiativePartnershipsPartition(initiativeId).gsi2pk),
      partnerTotals: keySpaceOf(keys.initiativePartnerTotals(initiativeId).pk),
      opportunities: keySpaceOf(volunteeringKeys.opportunitiesOfInitiativePartition(initiativeId).gsi2pk),
      logicModel: keySpaceOf(evaluationKeys.logicModel(initiativeId).pk),
      indicators: keySpaceOf(evaluationKeys.indicatorsOfInitiativePartition(initiativeId).gsi2pk),
      petitions: keySpaceOf(petitionsKeys.petitionsOfInitiativePartition(initiativeId).gsi2pk),
    };

    // Assess
    expect(owners).toEqual({
      engagements: 'participation',
      partnerships: 'partnerships',
      partnerTotals: 'partnerships',
      opportunities: 'volunteering',
      logicModel: 'evaluation',
      indicators: 'evaluation',
      petitions: 'petitions',
    });
  });

  it('matches IAM StringLike semantics for exact values and prefixes', () => {
    expect(matchesKeyPattern('INITIATIVES', 'INITIATIVES')).toBe(true);
    expect(matchesKeyPattern('INITIATIVES#X', 'INITIATIVES')).toBe(false);
    expect(matchesKeyPattern('INITIATIVE#01J', 'INITIATIVE#*')).toBe(true);
    expect(matchesKeyPattern('INITIATIVES', 'INITIATIVE#*')).toBe(false);
  });
});
