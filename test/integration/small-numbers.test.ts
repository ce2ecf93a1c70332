import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler as digests } from '../../functions/digest/handler';
import { handler as impact } from '../../functions/impact/handler';
import { handler as ledger } from '../../functions/impact/ledger-consumer';
import { handler as summaryJob } from '../../functions/impact/summary-job';
import { handler as surveys } from '../../functions/surveys/handler';
import { resetRuntimeConfig } from '../../shared/config/runtime';
import type { StaffRole } from '../../shared/http/route';
import { call } from '../support/api';
import { createDelivery } from '../support/events';
import { createSurvey, options } from '../support/survey-fixtures';

/**
 * Small numbers stay private (issue 13): a survey whose respondents live in Riverside (6),
 * Hillside (3) and Old Town (8). Hillside's three are fewer than the minimum cell size (5, the
 * default); Riverside is the next-smallest, withheld with it so that no total gives Hillside away.
 */

const population = {
  neighbourhoods: { Riverside: 5000, Hillside: 3000, 'Old Town': 2000 },
  ageBands: { '25-34': 4000, '65-74': 6000 },
};
const respondents = { Riverside: 6, Hillside: 3, 'Old Town': 8 } as const;
const questions = [
  {
    type: 'single-choice',
    id: 'often',
    title: { en: 'How often?' },
    options: options('weekly', 'monthly'),
    required: true,
  },
  { type: 'location', id: 'where', title: { en: 'Where?' }, neighbourhoods: Object.keys(respondents) },
];
const period = '2026-05';

describe('small numbers stay private', () => {
  let surveyId = '';
  const deliver = createDelivery(ledger);

  beforeAll(async () => {
    process.env.POPULATION_BASELINE = JSON.stringify(population);
    resetRuntimeConfig();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-05-12T10:00:00Z'));
    surveyId = (await createSurvey(questions)).surveyId;
    for (const [neighbourhood, count] of Object.entries(respondents)) {
      for (let i = 0; i < count; i++) {
        const answer = await call(surveys, {
          method: 'POST',
          path: `/surveys/${surveyId}/responses`,
          body: {
            answers: { often: i % 2 ? 'weekly' : 'monthly', where: { neighbourhood } },
            respondent: { consent: true, neighbourhood, ageBand: '25-34' },
          },
        });
        if (answer.status !== 201) throw new Error(`response: ${answer.body}`);
      }
    }
    await deliver();
    vi.setSystemTime(new Date('2026-06-02T10:00:00Z'));
    await summaryJob({ period });
  }, 60_000);

  afterAll(() => {
    vi.useRealTimers();
    delete process.env.POPULATION_BASELINE;
    resetRuntimeConfig();
  });

  const results = async (role: StaffRole, neighbourhood?: string) => {
    const answer = await call(surveys, {
      method: 'GET',
      path: `/surveys/${surveyId}/results`,
      role,
      ...(neighbourhood ? { query: { neighbourhood } } : {}),
    });
    expect(answer.status, answer.body).toBe(200);
    return answer.json;
  };
  const summary = async (role: StaffRole) => {
    const answer = await call(impact, { method: 'GET', path: `/impact/summaries/${period}`, role });
    expect(answer.status, answer.body).toBe(200);
    return answer.json;
  };
  const group = (table: { groups: { group: string }[] }, name: string) =>
    table.groups.find((g) => g.group === name);

  it('withholds the results of a neighbourhood of 3 respondents from an analyst, and the next-smallest with it', async () => {
    // Act
    const hillside = await results('analyst', 'Hillside');
    const riverside = await results('analyst', 'Riverside');
    const oldTown = await results('analyst', 'Old Town');

    // Assess
    expect(hillside).toMatchObject({
      neighbourhood: 'Hillside',
      suppressed: true,
      totalResponses: null,
      completeResponses: null,
      completionRate: null,
      questions: [],
      suppression: { minimumCellSize: 5, suppressedCells: 1, belowMinimumCells: 0 },
    });
    expect(riverside).toMatchObject({ suppressed: true, totalResponses: null, questions: [] });
    expect(oldTown).toMatchObject({ totalResponses: 8 });
    expect(oldTown.suppressed).toBeUndefined();
    expect(oldTown.questions).toHaveLength(2);
  });

  it('withholds small counts by neighbourhood inside an analyst’s results', async () => {
    // Act
    const all = await results('analyst');

    // Assess
    expect(all.totalResponses).toBe(17);
    const where = all.questions.find((q: { questionId: string }) => q.questionId === 'where');
    expect(where.neighbourhoods).toEqual([
      { name: 'Riverside', count: null, suppressed: true },
      { name: 'Hillside', count: null, suppressed: true },
      { name: 'Old Town', count: 8 },
    ]);
    expect(all.suppression).toMatchObject({ minimumCellSize: 5, suppressedCells: 2 });
  });

  it('shows an admin the neighbourhood of 3 with a warning, and nothing withheld', async () => {
    // Act
    const hillside = await results('admin', 'Hillside');
    const riverside = await results('admin', 'Riverside');
    const all = await results('admin');

    // Assess
    // Flagged twice: Hillside's results as a whole, and the count of 3 answering "Hillside" inside them.
    expect(hillside).toMatchObject({
      totalResponses: 3,
      belowMinimum: true,
      suppression: { minimumCellSize: 5, suppressedCells: 0, belowMinimumCells: 2 },
    });
    expect(hillside.suppression.message).toMatch(/admin/);
    expect(hillside.suppressed).toBeUndefined();
    expect(riverside).toMatchObject({ totalResponses: 6 });
    expect(riverside.belowMinimum).toBeUndefined();
    const where = all.questions.find((q: { questionId: string }) => q.questionId === 'where');
    expect(where.neighbourhoods).toEqual([
      { name: 'Riverside', count: 6 },
      { name: 'Hillside', count: 3, belowMinimum: true },
      { name: 'Old Town', count: 8 },
    ]);
  });

  it('withholds the group of 3 and the next-smallest from an analyst’s representativeness table, and its index', async () => {
    // Act
    const city = await summary('analyst');

    // Assess
    const table = city.representativeness.neighbourhood;
    expect(table).toMatchObject({ participants: 17, index: null });
    expect(group(table, 'Hillside')).toEqual({
      group: 'Hillside',
      participants: null,
      participantShare: null,
      populationShare: 0.3,
      ratio: null,
      suppressed: true,
    });
    expect(group(table, 'Riverside')).toMatchObject({ participants: null, ratio: null, suppressed: true });
    expect(group(table, 'Old Town')).toMatchObject({ participants: 8, participantShare: 0.4706 });
    // Both withheld groups are under-represented (ratios 0.59 and 0.71): neither is listed.
    expect(table.underRepresented).toEqual([]);
    // Every respondent gave 25-34: 65-74's empty cell describes nobody and stays; ½ (0.6 + 0.6) = 0.6.
    expect(city.representativeness.ageBand).toMatchObject({ participants: 17, index: 0.4 });
    expect(group(city.representativeness.ageBand, '65-74')).toMatchObject({ participants: 0, ratio: 0 });
    // Every response came through the web: its channel's table withholds the same two groups.
    expect(city.representativenessByChannel.map((c: { channel: string }) => c.channel)).toEqual(['web']);
    const web = city.representativenessByChannel[0].neighbourhood;
    expect(group(web, 'Hillside')).toMatchObject({ participants: null, suppressed: true });
    expect(group(web, 'Riverside')).toMatchObject({ participants: null, suppressed: true });
    expect(web.index).toBeNull();
    expect(city.suppression).toMatchObject({ minimumCellSize: 5, suppressedCells: 4 });
  });

  it('shows an admin the representativeness group of 3 flagged, with the index', async () => {
    // Act
    const city = await summary('admin');

    // Assess
    const table = city.representativeness.neighbourhood;
    expect(group(table, 'Hillside')).toMatchObject({ participants: 3, ratio: 0.5882, belowMinimum: true });
    expect(group(table, 'Riverside')).toEqual({
      group: 'Riverside',
      participants: 6,
      participantShare: 0.3529,
      populationShare: 0.5,
      ratio: 0.7059,
    });
    // ½ (|6/17 − 0.5| + |3/17 − 0.3| + |8/17 − 0.2|) = 0.2706
    expect(table.index).toBe(0.7294);
    expect(table.underRepresented.map((g: { group: string }) => g.group)).toEqual(['Hillside', 'Riverside']);
    expect(group(city.representativenessByChannel[0].neighbourhood, 'Hillside')).toMatchObject({
      participants: 3,
      belowMinimum: true,
    });
    // Flagged in the city's table and in the web channel's.
    expect(city.suppression).toMatchObject({ suppressedCells: 0, belowMinimumCells: 2 });
    expect(city.suppression.message).toMatch(/admin/);
  });

  it('mails the digest without the small groups, saying they are withheld', async () => {
    // Act: the preview is an admin's, but renders what subscribers (not necessarily admins) get.
    const digest = await call(digests, {
      method: 'GET',
      path: '/digests/preview',
      role: 'admin',
      query: { period },
    });

    // Assess
    expect(digest.status, digest.body).toBe(200);
    expect(digest.json.text).not.toContain('Hillside');
    expect(digest.json.text).not.toContain('Riverside');
    expect(digest.json.text).toContain('Age band 65-74');
    expect(digest.json.text).toContain('Groups of fewer than 5 participants are not shown');
    expect(digest.json.html).toContain('Groups of fewer than 5 participants are not shown');
  });
});
