import { describe, expect, it } from 'vitest';
import { volunteerIdFor } from '../../functions/volunteering/identity';
import { opportunityListQuery, shiftInput, skill } from '../../functions/volunteering/schemas';
import {
  localDay,
  localDaysTouched,
  localMonth,
  minutesBetween,
  writtenOffsetMinutes,
  zoneOffsetMinutes,
} from '../../functions/volunteering/time';
import { idSchema } from '../../shared/domain/ids';

describe('volunteering time arithmetic', () => {
  it('counts the minutes that pass, not the wall-clock difference, across daylight-saving changes', () => {
    // Brussels springs forward on 28 March 2027, New York falls back on 7 November 2027.
    expect(minutesBetween('2027-03-28T01:30:00+01:00', '2027-03-28T04:30:00+02:00')).toBe(120);
    expect(minutesBetween('2027-11-07T00:30:00-04:00', '2027-11-07T02:30:00-05:00')).toBe(180);
    expect(minutesBetween('2027-06-01T09:00:00-04:00', '2027-06-01T15:30:00+01:00')).toBe(90);
  });

  it('reads offsets as written and as the zone has them at that instant', () => {
    expect(writtenOffsetMinutes('2027-03-28T04:30:00+02:00')).toBe(120);
    expect(writtenOffsetMinutes('2027-03-28T04:30:00-09:30')).toBe(-570);
    expect(writtenOffsetMinutes('2027-03-28T04:30:00Z')).toBe(0);
    expect(zoneOffsetMinutes('2027-03-28T00:59:00Z', 'Europe/Brussels')).toBe(60);
    expect(zoneOffsetMinutes('2027-03-28T01:00:00Z', 'Europe/Brussels')).toBe(120);
    expect(zoneOffsetMinutes('2027-01-15T12:00:00Z', 'Asia/Kolkata')).toBe(330);
  });

  it('puts 23:30 local on the last day of a month in that month, whatever UTC says', () => {
    expect(localDay('2027-03-31T23:30:00+02:00', 'Europe/Brussels')).toBe('2027-03-31');
    expect(localMonth('2027-03-31T23:30:00+02:00', 'Europe/Brussels')).toBe('2027-03');
    expect(localMonth('2027-03-31T23:30:00+02:00', 'UTC')).toBe('2027-03');
    expect(localMonth('2027-04-01T00:30:00+02:00', 'Europe/Brussels')).toBe('2027-04');
    expect(localMonth('2027-04-01T00:30:00+02:00', 'UTC')).toBe('2027-03');
  });

  it('lists every local day a window touches, and only those', () => {
    expect(localDaysTouched('2027-03-27T22:00:00Z', '2027-03-28T22:30:00Z', 'Europe/Brussels')).toEqual([
      '2027-03-27',
      '2027-03-28',
      '2027-03-29',
    ]);
    expect(localDaysTouched('2027-05-01T08:00:00Z', '2027-05-01T09:00:00Z', 'UTC')).toEqual(['2027-05-01']);
  });
});

describe('volunteering identities and inputs', () => {
  it('derives one stable ID per participant hash, shaped like every other ID', () => {
    const id = volunteerIdFor('Qz7vL2m9Xc4bN8kJ1hG6fD3sA0pO5iU7yT2rE9wQ4eZ');
    expect(volunteerIdFor('Qz7vL2m9Xc4bN8kJ1hG6fD3sA0pO5iU7yT2rE9wQ4eZ')).toBe(id);
    expect(volunteerIdFor('another-hash')).not.toBe(id);
    expect(idSchema.safeParse(id).success).toBe(true);
    expect(id[0]).toMatch(/[0-7]/);
  });

  it('keeps skills as slugs, so case and spacing never make two skills of one', () => {
    expect(skill.parse('  First   Aid ')).toBe('first-aid');
    expect(skill.parse('Cuisine française')).toBe('cuisine-française');
    expect(skill.safeParse('a#b').success).toBe(false);
    expect(opportunityListQuery.parse({ skills: 'Cooking, first aid,,' }).skills).toEqual([
      'cooking',
      'first-aid',
    ]);
  });

  it('accepts UTC or the zone’s own offset for a shift, and refuses any other', () => {
    const shift = (startsAt: string) =>
      shiftInput.safeParse({
        startsAt,
        endsAt: '2027-07-03T15:00:00Z',
        timeZone: 'Europe/Brussels',
        capacity: 5,
      });
    expect(shift('2027-07-03T09:00:00+02:00').success).toBe(true);
    expect(shift('2027-07-03T07:00:00Z').success).toBe(true);
    expect(shift('2027-07-03T09:00:00+01:00').error?.issues[0]?.path).toEqual(['startsAt']);
    expect(shift('2027-07-03T16:00:00Z').error?.issues[0]?.path).toEqual(['endsAt']);
    expect(
      shiftInput.safeParse({
        startsAt: '2027-07-03T09:00:00Z',
        endsAt: '2027-07-03T10:00:00Z',
        timeZone: 'Mars/Olympus',
        capacity: 5,
      }).success,
    ).toBe(false);
  });
});
