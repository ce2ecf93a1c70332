import { afterEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/participation/handler';
import { call } from '../support/api';
import { openEngagement } from '../support/fixtures';

// Before any import: the logger reads its level once, when it is created.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
});

describe('logs', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('record each request without bodies, emails or headers', async () => {
    // Prepare
    const { engagementId } = await openEngagement();
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });

    // Act
    await call(handler, {
      method: 'POST',
      path: `/engagements/${engagementId}/contributions`,
      body: {
        kind: 'idea',
        title: 'Secret garden',
        body: 'My phone is 555-0100',
        participant: { email: 'private.person@example.org', name: 'Pat Private' },
      },
      headers: { 'X-Forwarded-For': '203.0.113.9' },
    });
    await call(handler, {
      method: 'POST',
      path: `/engagements/${engagementId}/contributions`,
      body: { participant: { email: 'bad-input@example.org' } },
    });

    // Assess
    const output = written.join('');
    expect(output).toContain('"operation":"submitContribution"');
    for (const secret of [
      'private.person@example.org',
      'Pat Private',
      '555-0100',
      '203.0.113.9',
      'bad-input@example.org',
    ]) {
      expect(output).not.toContain(secret);
    }
  });
});
