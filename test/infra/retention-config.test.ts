import { describe, expect, it } from 'vitest';
import { synthesize, testConfig } from './civic-app';

describe('the city’s retention overrides', () => {
  it('stops the synth naming an entity no context declares', () => {
    // Act
    const synth = () => synthesize({ ...testConfig, privacy: { retentionDays: { Vote: 365, Votes: 365 } } });

    // Assess
    expect(synth).toThrow(/privacy\.retentionDays\.Votes: no entity of this name keeps personal data/);
    expect(synth).not.toThrow(/privacy\.retentionDays\.Vote:/);
  });

  it('stops the synth naming a lawful basis for an entity no context declares', () => {
    // Act
    const synth = () =>
      synthesize({
        ...testConfig,
        privacy: { legalBasis: { Volunteer: 'publicTask', Volunteers: 'consent' } },
      });

    // Assess
    expect(synth).toThrow(/privacy\.legalBasis\.Volunteers: no entity of this name keeps personal data/);
    expect(synth).not.toThrow(/privacy\.legalBasis\.Volunteer:/);
  });
});
