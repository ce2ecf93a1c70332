import { describe, expect, it } from 'vitest';
import { matchesPattern } from '../../../infra/local/event-pattern';

const event = {
  version: '0',
  id: 'e1',
  'detail-type': 'ContributionSubmitted',
  source: 'civic.participation',
  account: '123456789012',
  time: '2025-03-01T10:00:00Z',
  region: 'eu-west-1',
  resources: ['arn:aws:dynamodb:eu-west-1:123456789012:table/civic'],
  detail: {
    kind: 'idea',
    status: 'published',
    voteCount: 12,
    neighbourhoods: ['north', 'harbour'],
    participant: { hash: 'abc' },
    sourceIp: '10.0.4.7',
    note: null,
  },
};

describe('matchesPattern', () => {
  it.each([
    [
      'exact source and detail-type',
      { source: ['civic.participation'], 'detail-type': ['ContributionSubmitted'] },
    ],
    ['one of several values', { 'detail-type': ['VoteCast', 'ContributionSubmitted'] }],
    ['a nested detail field', { detail: { participant: { hash: ['abc'] } } }],
    ['any element of an array field', { detail: { neighbourhoods: ['harbour'] } }],
    ['a prefix', { source: [{ prefix: 'civic.' }] }],
    ['a case-insensitive prefix', { source: [{ prefix: { 'equals-ignore-case': 'CIVIC.' } }] }],
    ['a suffix', { 'detail-type': [{ suffix: 'Submitted' }] }],
    ['equals-ignore-case', { detail: { kind: [{ 'equals-ignore-case': 'IDEA' }] } }],
    ['a wildcard', { 'detail-type': [{ wildcard: 'Contribution*ed' }] }],
    ['anything-but a value', { detail: { status: [{ 'anything-but': 'hidden' }] } }],
    ['anything-but a list', { detail: { status: [{ 'anything-but': ['hidden', 'flagged'] }] } }],
    ['anything-but a prefix', { source: [{ 'anything-but': { prefix: 'aws.' } }] }],
    ['a numeric range', { detail: { voteCount: [{ numeric: ['>', 10, '<=', 12] }] } }],
    ['an exact number', { detail: { voteCount: [12] } }],
    ['exists: true', { detail: { participant: { hash: [{ exists: true }] } } }],
    ['exists: false', { detail: { parentId: [{ exists: false }] } }],
    ['a missing branch with exists: false', { detail: { reply: { parentId: [{ exists: false }] } } }],
    ['null', { detail: { note: [null] } }],
    ['an IPv4 CIDR', { detail: { sourceIp: [{ cidr: '10.0.0.0/16' }] } }],
    ['$or', { detail: { $or: [{ kind: ['proposal'] }, { voteCount: [{ numeric: ['>=', 10] }] }] } }],
  ])('matches %s', (_name, pattern) => {
    // Act
    const matched = matchesPattern(pattern, event);

    // Assess
    expect(matched).toBe(true);
  });

  it.each([
    ['another source', { source: ['civic.surveys'] }],
    ['a value of another case', { detail: { kind: ['IDEA'] } }],
    ['a field the event lacks', { detail: { parentId: ['x'] } }],
    ['a prefix that differs', { source: [{ prefix: 'aws.' }] }],
    ['anything-but the actual value', { detail: { status: [{ 'anything-but': ['published'] }] } }],
    ['anything-but on a missing field', { detail: { parentId: [{ 'anything-but': 'x' }] } }],
    ['a numeric range outside', { detail: { voteCount: [{ numeric: ['<', 12] }] } }],
    ['numbers against strings', { detail: { kind: [{ numeric: ['>', 0] }] } }],
    ['exists: true on a missing field', { detail: { parentId: [{ exists: true }] } }],
    ['exists: false on a present field', { detail: { kind: [{ exists: false }] } }],
    ['an IPv4 outside the CIDR', { detail: { sourceIp: [{ cidr: '10.1.0.0/16' }] } }],
    ['a wildcard that does not fit', { 'detail-type': [{ wildcard: 'Vote*' }] }],
    ['$or with no matching branch', { detail: { $or: [{ kind: ['proposal'] }, { status: ['hidden'] }] } }],
    ['one field of two not matching', { source: ['civic.participation'], 'detail-type': ['VoteCast'] }],
  ])('does not match %s', (_name, pattern) => {
    // Act
    const matched = matchesPattern(pattern, event);

    // Assess
    expect(matched).toBe(false);
  });

  it('refuses an unknown operator instead of guessing', () => {
    // Act
    const match = () => matchesPattern({ source: [{ 'starts-with': 'civic' }] }, event);

    // Assess
    expect(match).toThrow(/Unsupported event pattern operator/);
  });

  it('filters DynamoDB stream records with the same syntax as Lambda', () => {
    // Prepare
    const pattern = { eventName: ['INSERT'], dynamodb: { Keys: { pk: { S: [{ prefix: 'OUTBOX#' }] } } } };
    const insert = {
      eventName: 'INSERT',
      dynamodb: { Keys: { pk: { S: 'OUTBOX#01' }, sk: { S: 'EVENT' } } },
    };
    const modify = { ...insert, eventName: 'MODIFY' };
    const other = { eventName: 'INSERT', dynamodb: { Keys: { pk: { S: 'ENGAGEMENT#01' } } } };

    // Act
    const results = [insert, modify, other].map((record) => matchesPattern(pattern, record));

    // Assess
    expect(results).toEqual([true, false, false]);
  });
});
