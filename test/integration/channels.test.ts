import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SurveyResponseSubmitted } from '../../events/surveys';
import { handler as evaluation } from '../../functions/evaluation/handler';
import { handler as impact } from '../../functions/impact/handler';
import { handler as ledger } from '../../functions/impact/ledger-consumer';
import { handler as summaryJob } from '../../functions/impact/summary-job';
import { handler as participation } from '../../functions/participation/handler';
import { dynamoSurveyStore } from '../../functions/surveys/dynamo-store';
import { handler as exportHandler } from '../../functions/surveys/export-handler';
import { handler as surveys } from '../../functions/surveys/handler';
import { resetRuntimeConfig } from '../../shared/config/runtime';
import { documentClient } from '../../shared/db/client';
import { domainEvent } from '../../shared/domain/domain-event';
import { newId } from '../../shared/domain/ids';
import { allItems, call, countItems } from '../support/api';
import { createDelivery, outboxEvents } from '../support/events';
import { openEngagement } from '../support/fixtures';
import { createSurvey, options } from '../support/survey-fixtures';

/**
 * Every record says which channel it came from (issue 14). Public routes record `web`; paper
 * responses are written here through the survey store, as the coming batches will commit them.
 * The impact figures below are counted by hand from what this file writes.
 */

const population = {
  neighbourhoods: { Riverside: 5000, Hillside: 3000, 'Old Town': 2000 },
  ageBands: { '25-34': 10000 },
};
const questions = [
  { type: 'single-choice', id: 'often', title: { en: 'How often?' }, options: options('weekly', 'monthly') },
];
/** Web respondents by neighbourhood (public route), and paper ones (the store, as a batch would). */
const web = { Riverside: 6, Hillside: 0, 'Old Town': 6 } as const;
const paper = { Riverside: 2, Hillside: 6, 'Old Town': 0 } as const;
const period = '2026-05';

const withoutChannel = async (item: Record<string, unknown>) =>
  documentClient.send(
    new UpdateCommand({
      TableName: process.env.TABLE_NAME,
      Key: { pk: item.pk, sk: item.sk },
      UpdateExpression: 'REMOVE channel',
    }),
  );

describe('every channel counted', () => {
  const deliver = createDelivery(ledger);
  let initiativeId = '';
  let engagementId = '';
  let contributionId = '';
  let surveyId = '';

  beforeAll(async () => {
    process.env.POPULATION_BASELINE = JSON.stringify(population);
    resetRuntimeConfig();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-05-12T10:00:00Z'));
    ({ initiativeId, engagementId } = await openEngagement({ voteAssurance: 'open' }));
    const idea = await call(participation, {
      method: 'POST',
      path: `/engagements/${engagementId}/contributions`,
      body: { kind: 'idea', title: 'A splash pad', body: 'Somewhere cool.', channel: 'web' },
    });
    if (idea.status !== 201) throw new Error(`idea: ${idea.body}`);
    contributionId = idea.json.contributionId;
    const vote = await call(participation, {
      method: 'POST',
      path: `/contributions/${contributionId}/votes`,
      body: { participant: { email: 'ana@example.org' } },
    });
    if (vote.status !== 202) throw new Error(`vote: ${vote.status} ${vote.body}`);
    const feedback = await call(evaluation, {
      method: 'POST',
      path: '/feedback',
      body: { about: { kind: 'engagement', id: engagementId }, rating: 5 },
    });
    if (feedback.status !== 201) throw new Error(`feedback: ${feedback.body}`);

    const survey = await createSurvey(questions);
    surveyId = survey.surveyId;
    for (const [neighbourhood, count] of Object.entries(web))
      for (let i = 0; i < count; i++) {
        const answer = await call(surveys, {
          method: 'POST',
          path: `/surveys/${surveyId}/responses`,
          body: { answers: { often: 'weekly' }, respondent: { consent: true, neighbourhood } },
        });
        if (answer.status !== 201) throw new Error(`response: ${answer.body}`);
      }
    for (const [neighbourhood, count] of Object.entries(paper))
      for (let i = 0; i < count; i++) {
        const submittedAt = new Date().toISOString();
        const responseId = newId();
        const added = await dynamoSurveyStore.addResponse(
          {
            responseId,
            surveyId,
            version: 1,
            answers: { often: 'monthly' },
            respondent: { neighbourhood },
            submittedAt,
            channel: 'paper',
          },
          domainEvent(SurveyResponseSubmitted, {
            eventId: newId(),
            occurredAt: submittedAt,
            surveyId,
            initiativeId: survey.initiativeId,
            responseId,
            version: 1,
            answeredQuestions: 1,
            complete: true,
            neighbourhood,
            assurance: 'open',
            channel: 'paper',
          }),
        );
        if (added !== 'added') throw new Error(`paper response: ${added}`);
      }
    await deliver();
    // An archived vote from before channels: its event has none, and counts as `web`.
    await ledger({
      version: '0',
      id: 'archived-vote',
      'detail-type': 'VoteCast',
      source: 'civic.participation',
      account: '123456789012',
      time: '2026-05-13T09:00:00Z',
      region: 'eu-west-1',
      resources: [],
      detail: {
        eventId: newId(),
        occurredAt: '2026-05-13T09:00:00.000Z',
        contributionId,
        engagementId,
        initiativeId,
        participantHash: 'archived-voter-hash',
      },
    });
    vi.setSystemTime(new Date('2026-06-02T10:00:00Z'));
    await summaryJob({ period });
  });

  afterAll(() => {
    vi.useRealTimers();
    delete process.env.POPULATION_BASELINE;
    resetRuntimeConfig();
  });

  it('stores a web vote as `web`, with `web` on its event', async () => {
    // Act
    const items = await allItems();
    const events = await outboxEvents((event) => event['detail-type'] === 'VoteCast');

    // Assess
    const votes = items.filter((item) => item.type === 'Vote');
    expect(votes).toHaveLength(1);
    expect(votes[0]?.channel).toBe('web');
    expect(events.map((event) => (event.detail as { channel: string }).channel)).toEqual(['web']);
  });

  it.each([
    [
      'a contribution',
      participation,
      () => `/engagements/${engagementId}/contributions`,
      () => ({
        kind: 'idea',
        title: 'Paper idea',
        body: 'From the library box.',
      }),
    ],
    [
      'a vote',
      participation,
      () => `/contributions/${contributionId}/votes`,
      () => ({
        participant: { email: 'bea@example.org' },
      }),
    ],
    [
      'a survey response',
      surveys,
      () => `/surveys/${surveyId}/responses`,
      () => ({ answers: { often: 'weekly' } }),
    ],
    [
      'feedback',
      evaluation,
      () => '/feedback',
      () => ({ about: { kind: 'engagement', id: engagementId }, rating: 3 }),
    ],
  ])(
    'refuses `channel: paper` on the public route for %s, naming the field, and writes nothing',
    async (_what, handler, path, body) => {
      // Prepare
      const before = await countItems();

      // Act
      const answer = await call(handler, {
        method: 'POST',
        path: path(),
        body: { ...body(), channel: 'paper' },
      });

      // Assess
      expect(answer.status).toBe(422);
      expect(answer.json.errors.map((error: { path: string }) => error.path)).toEqual(['body.channel']);
      expect(await countItems()).toBe(before);
    },
  );

  it('shows staff a contribution written before channels as `web`', async () => {
    // Prepare
    const item = (await allItems()).find(
      (candidate) => candidate.contributionId === contributionId && candidate.type === 'Contribution',
    );
    if (!item) throw new Error('no contribution item');
    await withoutChannel(item);

    // Act
    const moderated = await call(participation, {
      method: 'POST',
      path: `/contributions/${contributionId}/moderation`,
      role: 'coordinator',
      body: { action: 'flag', reason: 'Checking its channel.' },
    });

    // Assess
    expect(moderated.status).toBe(200);
    expect(moderated.json).toMatchObject({ contributionId, channel: 'web' });
  });

  it('exports each response with its channel, one written before channels as `web`', async () => {
    // Prepare
    const legacy = (await allItems()).find(
      (item) => item.type === 'SurveyResponse' && item.channel === 'web',
    );
    if (!legacy) throw new Error('no web response item');
    await withoutChannel(legacy);

    // Act
    const csv = await call(exportHandler, {
      method: 'GET',
      path: `/surveys/${surveyId}/responses`,
      role: 'analyst',
      headers: { Accept: 'text/csv' },
    });
    const page = await call(exportHandler, {
      method: 'GET',
      path: `/surveys/${surveyId}/responses`,
      role: 'analyst',
      query: { limit: '100' },
    });

    // Assess
    const rows = parse(csv.body, { columns: true, bom: true }) as Record<string, string>[];
    const count = (channel: string) => rows.filter((row) => row.channel === channel).length;
    expect(rows).toHaveLength(20);
    expect([count('web'), count('paper')]).toEqual([12, 8]);
    const legacyRow = page.json.items.find(
      (item: { responseId: string }) => item.responseId === legacy.responseId,
    );
    expect(legacyRow.channel).toBe('web');
  });

  it('counts survey results per channel, every channel listed', async () => {
    // Act
    const results = await call(surveys, {
      method: 'GET',
      path: `/surveys/${surveyId}/results`,
      role: 'analyst',
    });

    // Assess
    expect(results.json.totalResponses).toBe(20);
    expect(results.json.channels).toEqual([
      { channel: 'web', count: 12 },
      { channel: 'paper', count: 8 },
      { channel: 'phone', count: 0 },
      { channel: 'in-person', count: 0 },
      { channel: 'sms', count: 0 },
      { channel: 'kiosk', count: 0 },
      { channel: 'email', count: 0 },
    ]);
  });

  it('gives the impact summary’s participation per channel, an archived vote counting as `web`', async () => {
    // Act
    const summary = await call(impact, {
      method: 'GET',
      path: `/impact/summaries/${period}`,
      role: 'analyst',
    });

    // Assess
    expect(summary.status).toBe(200);
    const byChannel = Object.fromEntries(
      summary.json.channels.map((row: { channel: string }) => [row.channel, row]),
    );
    expect(byChannel.web).toEqual({
      channel: 'web',
      participants: 2,
      contributions: 1,
      votes: 2,
      surveyResponses: 12,
      feedback: 1,
      meetingAttendance: 0,
      petitionSignatures: 0,
    });
    expect(byChannel.paper).toEqual({
      channel: 'paper',
      participants: 0,
      contributions: 0,
      votes: 0,
      surveyResponses: 8,
      feedback: 0,
      meetingAttendance: 0,
      petitionSignatures: 0,
    });
    expect(byChannel.phone).toMatchObject({ contributions: 0, votes: 0, surveyResponses: 0 });
    expect(summary.json.channels).toHaveLength(7);
  });

  it('shows who each channel reached, withholding what the city-wide table would give away', async () => {
    // Act
    const summary = await call(impact, {
      method: 'GET',
      path: `/impact/summaries/${period}`,
      role: 'analyst',
    });

    // Assess: city-wide Riverside 8, Hillside 6, Old Town 6, all shown.
    const city = summary.json.representativeness.neighbourhood;
    expect(city.groups.map((g: { participants: number }) => g.participants)).toEqual([6, 6, 8]);
    const [webTable, paperTable] = summary.json.representativenessByChannel;
    expect([webTable.channel, paperTable.channel]).toEqual(['web', 'paper']);
    const group = (table: { groups: { group: string }[] }, name: string) =>
      table.groups.find((g) => g.group === name);
    // Paper's 2 in Riverside are too few; its 0 in Old Town goes with them (its total is shown).
    expect(group(paperTable.neighbourhood, 'Riverside')).toMatchObject({
      participants: null,
      suppressed: true,
    });
    expect(group(paperTable.neighbourhood, 'Old Town')).toMatchObject({
      participants: null,
      suppressed: true,
    });
    expect(group(paperTable.neighbourhood, 'Hillside')).toMatchObject({ participants: 6 });
    // The city's Riverside less the web's would give paper's 2 away: the web's are withheld too.
    expect(group(webTable.neighbourhood, 'Riverside')).toMatchObject({
      participants: null,
      suppressed: true,
    });
    expect(group(webTable.neighbourhood, 'Old Town')).toMatchObject({ participants: null, suppressed: true });
    expect(group(webTable.neighbourhood, 'Hillside')).toMatchObject({ participants: 0 });
    expect([webTable.neighbourhood.participants, paperTable.neighbourhood.participants]).toEqual([12, 8]);
    expect(summary.json.suppression).toMatchObject({ suppressedCells: 4 });
  });

  it('shows an admin every channel’s cells, the small one flagged', async () => {
    // Act
    const summary = await call(impact, { method: 'GET', path: `/impact/summaries/${period}`, role: 'admin' });

    // Assess
    const paperTable = summary.json.representativenessByChannel[1].neighbourhood;
    expect(paperTable.groups).toEqual([
      expect.objectContaining({ group: 'Hillside', participants: 6 }),
      expect.objectContaining({ group: 'Old Town', participants: 0 }),
      expect.objectContaining({ group: 'Riverside', participants: 2, belowMinimum: true }),
    ]);
    expect(summary.json.suppression).toMatchObject({ suppressedCells: 0, belowMinimumCells: 1 });
  });
});
