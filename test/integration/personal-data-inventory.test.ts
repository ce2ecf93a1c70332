import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contexts } from '../../functions/contexts';
import { handler as ledger } from '../../functions/impact/ledger-consumer';
import { privacyDocumentPath, renderPrivacyDocument } from '../../infra/write-privacy';
import { participantIdentity } from '../../shared/config/secrets';
import type { PersonalDataDeclaration } from '../../shared/privacy/personal-data';
import { allItems } from '../support/api';
import { createDelivery } from '../support/events';
import { leaveAFootprint } from '../support/footprint';
import { publishedPetition, signedBy, usePetitionSettings } from '../support/petition-fixtures';

/**
 * The data inventory is complete: one resident leaves a footprint through the API in every
 * context that takes personal data, then every attribute of every item that holds any of it —
 * their address, name, phone, or the keyed hash of their address — must be named by a
 * declaration (`ContextDeclaration.personalData`) of that item's entity.
 */

const resident = {
  name: 'Zelda Quartermain',
  email: 'zelda.quartermain@example.org',
  phone: '+32 470 99 88 77',
};

// Petitions with the household rule on, so the tally of names per address is stored too.
usePetitionSettings({ household: { enabled: true, maxNames: 3 } });

const declarations: PersonalDataDeclaration[] = contexts.flatMap((context) => [
  ...(context.personalData ?? []),
]);

/** Whether a declared path (`contact.email`, `answers.*`) names this attribute path. */
function declares(pattern: string, path: string): boolean {
  const want = pattern.split('.');
  const have = path.split('.');
  return want.length <= have.length && want.every((part, index) => part === '*' || part === have[index]);
}

/** Every attribute path of an item (arrays by index) with the string it holds. */
function leaves(value: unknown, path: string[] = []): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path: path.join('.'), text: value }];
  if (Array.isArray(value)) return value.flatMap((entry, index) => leaves(entry, [...path, String(index)]));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, entry]) => leaves(entry, [...path, key]));
  return [];
}

describe('the personal data inventory', () => {
  it('names every attribute in which a resident’s data is stored', async () => {
    // Prepare
    await leaveAFootprint(resident);
    // Petitions: a signature with consent to hear the city's answer (so name and address are kept).
    const { petitionId } = await publishedPetition();
    const signer = {
      name: resident.name,
      email: resident.email,
      neighbourhood: 'Riverside',
      consentToHearAboutResponse: true,
    };
    expect((await signedBy(petitionId, signer)).confirmed.status).toBe(200);
    await createDelivery(ledger)();
    const identity = await participantIdentity(resident.email);
    const traces = [
      resident.email,
      encodeURIComponent(resident.email),
      resident.name,
      resident.phone,
      identity,
    ];

    // Act
    const found = (await allItems()).flatMap((item) =>
      leaves(item)
        .filter(({ text }) => traces.some((trace) => text.toLowerCase().includes(trace.toLowerCase())))
        .map(({ path }) => ({ entity: String(item.type ?? item.pk), path })),
    );
    const undeclared = found.filter(
      ({ entity, path }) =>
        !declarations.some(
          (declaration) =>
            declaration.entity === entity &&
            [...declaration.fields, ...(declaration.identity ?? [])].some((pattern) =>
              declares(pattern, path),
            ),
        ),
    );

    // Assess
    expect(found.length).toBeGreaterThan(10);
    expect([...new Set(undeclared.map(({ entity, path }) => `${entity}: ${path}`))]).toEqual([]);
  });

  it('declares each entity once, with a purpose, a retention and who reads it', () => {
    // Act
    const entities = declarations.map((declaration) => declaration.entity);

    // Assess
    expect(new Set(entities).size).toBe(entities.length);
    for (const declaration of declarations) {
      expect(declaration.purpose.length, declaration.entity).toBeGreaterThan(20);
      expect(declaration.retentionDays, declaration.entity).toBeGreaterThan(0);
      expect(
        declaration.fields.length + (declaration.identity?.length ?? 0),
        declaration.entity,
      ).toBeGreaterThan(0);
    }
  });

  it('is current in docs/privacy.md (run `npm run privacy` after changing a declaration)', () => {
    expect(readFileSync(privacyDocumentPath, 'utf8')).toBe(renderPrivacyDocument());
  });
});
