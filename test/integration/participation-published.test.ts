import { describe, expect, it } from 'vitest';
import { initiativeExists, initiativesById } from '../../functions/participation/published';
import { openEngagement } from '../support/fixtures';

describe('what participation publishes', () => {
  it('tells whether an initiative exists', async () => {
    // Prepare
    const { initiativeId, engagementId } = await openEngagement();

    // Act
    const answers = await Promise.all([initiativeExists(initiativeId), initiativeExists(engagementId)]);

    // Assess
    expect(answers).toEqual([true, false]);
  });

  it('reads initiatives by ID, leaving out IDs with none', async () => {
    // Prepare
    const first = await openEngagement();
    const second = await openEngagement();

    // Act
    const found = await initiativesById([first.initiativeId, first.engagementId, second.initiativeId]);

    // Assess
    expect([...found.keys()].sort()).toEqual([first.initiativeId, second.initiativeId].sort());
    expect(found.get(first.initiativeId)?.title).toEqual({ en: 'Riverside park renewal' });
  });
});
