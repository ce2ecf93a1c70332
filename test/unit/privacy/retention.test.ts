import { afterEach, describe, expect, it } from 'vitest';
import {
  isPastRetention,
  resetRetentionOverrides,
  retentionAttributes,
  retentionDaysOf,
} from '../../../shared/privacy/retention';

const vote = { entity: 'Vote', retentionDays: 730, atExpiry: 'anonymise' as const };
const signup = { entity: 'Signup', retentionDays: 30, atExpiry: 'delete' as const };
const writtenAt = new Date('2026-01-01T00:00:00.000Z');
const writtenAtSeconds = Math.floor(writtenAt.getTime() / 1000);
const day = 24 * 60 * 60;

afterEach(() => {
  delete process.env.RETENTION_DAYS;
  resetRetentionOverrides();
});

describe('retentionDaysOf', () => {
  it('takes the city’s setting for the entity over its declaration', () => {
    // Act
    const days = retentionDaysOf(vote, { Vote: 365, Signup: 10 });

    // Assess
    expect(days).toBe(365);
  });

  it('keeps the declaration’s days for an entity the city did not set', () => {
    // Act
    const days = retentionDaysOf(vote, { Signup: 10 });

    // Assess
    expect(days).toBe(730);
  });

  it('reads the overrides from RETENTION_DAYS, as the stack hands them to every function', () => {
    // Prepare
    process.env.RETENTION_DAYS = JSON.stringify({ Signup: 90 });
    resetRetentionOverrides();

    // Act
    const [signupDays, voteDays] = [retentionDaysOf(signup), retentionDaysOf(vote)];

    // Assess
    expect(signupDays).toBe(90);
    expect(voteDays).toBe(730);
  });
});

describe('retentionAttributes', () => {
  it('ends the retention the declared days after the item was written, in epoch seconds', () => {
    // Act
    const attributes = retentionAttributes(vote, writtenAt);

    // Assess
    expect(attributes).toEqual({ expiresAt: writtenAtSeconds + 730 * day, retention: 'anonymise' });
  });

  it('follows the city’s override and says what happens at the end', () => {
    // Prepare
    process.env.RETENTION_DAYS = JSON.stringify({ Signup: 7 });
    resetRetentionOverrides();

    // Act
    const attributes = retentionAttributes(signup, new Date(writtenAt.getTime() + 999));

    // Assess
    expect(attributes).toEqual({ expiresAt: writtenAtSeconds + 7 * day, retention: 'delete' });
  });
});

describe('isPastRetention', () => {
  const item = { expiresAt: writtenAtSeconds + day, retention: 'delete' };

  it('is past at its end, not a millisecond before', () => {
    // Act
    const before = isPastRetention(item, new Date((writtenAtSeconds + day) * 1000 - 1));
    const at = isPastRetention(item, new Date((writtenAtSeconds + day) * 1000));

    // Assess
    expect(before).toBe(false);
    expect(at).toBe(true);
  });

  it('never holds for an item without retention, whatever its expiresAt (a lapse deadline)', () => {
    // Act
    const answer = isPastRetention({ expiresAt: 1 }, writtenAt);

    // Assess
    expect(answer).toBe(false);
  });
});
