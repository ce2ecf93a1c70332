import { describe, expect, it } from 'vitest';
import type { ContextDeclaration } from '../../../functions/context';
import { renderPrivacyDocument } from '../../../infra/write-privacy';
import { consentWordingVersion } from '../../../shared/privacy/consents';
import { personalData } from '../../../shared/privacy/personal-data';

const declaring: ContextDeclaration = {
  name: 'participation',
  personalData: [
    personalData({
      entity: 'Contribution',
      fields: ['title', 'body', 'contact.email'],
      identity: ['participantHash'],
      purpose: 'To publish it.',
      legalBasis: 'publicTask',
      retentionDays: 730,
      atExpiry: 'anonymise',
      survivesAnonymisation: ['title', 'body'],
      readers: 'personalData',
    }),
    personalData({
      entity: 'VoteConfirmation',
      fields: [],
      identity: ['participantHash'],
      purpose: 'To count a vote once confirmed.',
      legalBasis: 'publicTask',
      retentionDays: 8,
      atExpiry: 'delete',
      readers: 'mail',
    }),
  ],
};

const rowOf = (document: string, entity: string) =>
  document.split('\n').find((line) => line.startsWith(`| \`${entity}\``));

describe('the record of processing', () => {
  it('says what happens at expiry, and what an anonymised item keeps', () => {
    // Act
    const document = renderPrivacyDocument([declaring]);

    // Assess
    expect(rowOf(document, 'Contribution')).toContain('| 730 days | anonymised, keeping `title`, `body` |');
    expect(rowOf(document, 'VoteConfirmation')).toContain('| 8 days | deleted |');
  });

  it('shows the city’s retention where it overrides the default, and the default elsewhere', () => {
    // Act
    const document = renderPrivacyDocument([declaring], { retentionDays: { Contribution: 365 } });

    // Assess
    expect(rowOf(document, 'Contribution')).toContain('| 365 days (city setting; default 730) |');
    expect(rowOf(document, 'VoteConfirmation')).toContain('| 8 days |');
  });

  it('shows the lawful basis the city chose where it differs from the declaration', () => {
    // Act
    const document = renderPrivacyDocument([declaring], { legalBasis: { Contribution: 'consent' } });

    // Assess
    expect(rowOf(document, 'Contribution')).toContain('| consent (GDPR art. 6(1)(a)) (city setting) |');
    expect(rowOf(document, 'VoteConfirmation')).toContain('| public task (GDPR art. 6(1)(e)) |');
  });

  it('lists each consent purpose with the version of its wording', () => {
    // Act
    const document = renderPrivacyDocument([declaring]);

    // Assess
    expect(document).toContain(`| \`contact\` | The city may contact me by email`);
    expect(document).toContain(consentWordingVersion('demographics').slice(0, 12));
    expect(document).not.toContain('not yet in place');
  });
});
