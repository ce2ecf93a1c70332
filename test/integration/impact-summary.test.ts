import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler as evaluation } from '../../functions/evaluation/handler';
import { handler as impact } from '../../functions/impact/handler';
import { handler as ledger } from '../../functions/impact/ledger-consumer';
import { handler as summaryJob } from '../../functions/impact/summary-job';
import { handler as participation } from '../../functions/participation/handler';
import { handler as surveys } from '../../functions/surveys/handler';
import { handler as volunteering } from '../../functions/volunteering/handler';
import { resetRuntimeConfig } from '../../shared/config/runtime';
import type { StaffRole } from '../../shared/http/route';
import { call } from '../support/api';
import { createDelivery } from '../support/events';
import { confirmationLinkIn, lastMailTo } from '../support/mail';
import { changeStatus, createOrganization, partnershipsApi } from '../support/partnership-fixtures';
import { options } from '../support/survey-fixtures';

/**
 * A fixture town in New York's time zone, built through the public API with the clock moved to
 * each moment, over September and October 2026. The expected figures are written out from the
 * scenario below by plain counting, not by the code under test.
 */

const timeZone = 'America/New_York';
const population = {
  neighbourhoods: { Riverside: 5000, 'Old Town': 3000, Hillside: 2000 },
  ageBands: { '25-34': 4000, '65-74': 6000 },
};

type Initiative = 'A' | 'B';
type Step =
  | { at: string; kind: 'partnership'; label: string; initiative: Initiative }
  | { at: string; kind: 'status'; partnership: string; status: 'active' | 'completed' }
  | { at: string; kind: 'money'; partnership: string; quantity: number }
  | { at: string; kind: 'staffHours'; partnership: string; quantity: number }
  | { at: string; kind: 'feedback'; initiative: Initiative; rating: number }
  | {
      at: string;
      kind: 'shift';
      label: string;
      initiative: Initiative;
      startsAt: string;
      endsAt: string;
      capacity: number;
    }
  | { at: string; kind: 'signup'; who: string; shift: string }
  | { at: string; kind: 'check-in' | 'check-out' | 'no-show'; who: string; shift: string }
  | { at: string; kind: 'training'; label: string; initiative: Initiative; startsAt: string; endsAt: string }
  | { at: string; kind: 'enrol' | 'complete'; who: string; session: string }
  | { at: string; kind: 'idea'; who: string; initiative: Initiative; label: string }
  | { at: string; kind: 'vote'; who: string; idea: string }
  | {
      at: string;
      kind: 'response';
      initiative: Initiative;
      complete: boolean;
      neighbourhood?: string;
      ageBand?: string;
    };

/** Instants in UTC; New York is UTC−4 in September and October 2026 (EDT), UTC−5 from 1 November. */
const scenario: Step[] = [
  { at: '2026-09-10T15:00:00Z', kind: 'idea', who: 'alice', initiative: 'A', label: 'alice-sept' },
  { at: '2026-09-12T15:00:00Z', kind: 'vote', who: 'bob', idea: 'alice-sept' },
  // 23:30 on 30 September in New York is already 1 October in UTC: it belongs to September.
  { at: '2026-10-01T03:30:00Z', kind: 'idea', who: 'carol', initiative: 'A', label: 'carol-sept' },
  {
    at: '2026-09-20T15:00:00Z',
    kind: 'response',
    initiative: 'A',
    complete: true,
    neighbourhood: 'Riverside',
    ageBand: '25-34',
  },
  {
    at: '2026-09-21T15:00:00Z',
    kind: 'response',
    initiative: 'A',
    complete: false,
    neighbourhood: 'Old Town',
  },
  { at: '2026-10-05T15:00:00Z', kind: 'idea', who: 'alice', initiative: 'B', label: 'alice-oct' },
  { at: '2026-10-06T15:00:00Z', kind: 'vote', who: 'dave', idea: 'alice-sept' },
  { at: '2026-10-07T15:00:00Z', kind: 'vote', who: 'bob', idea: 'carol-sept' },
  // 23:30 on 31 October in New York (EDT) is 03:30 UTC on 1 November: still October.
  { at: '2026-11-01T03:30:00Z', kind: 'idea', who: 'erin', initiative: 'A', label: 'erin-oct' },
  // 00:30 on 1 November in New York (EDT, the change is at 02:00) is 04:30 UTC: November, not counted.
  { at: '2026-11-01T04:30:00Z', kind: 'idea', who: 'frank', initiative: 'A', label: 'frank-nov' },
  {
    at: '2026-10-10T15:00:00Z',
    kind: 'response',
    initiative: 'A',
    complete: true,
    neighbourhood: 'Riverside',
    ageBand: '25-34',
  },
  {
    at: '2026-10-11T15:00:00Z',
    kind: 'response',
    initiative: 'A',
    complete: true,
    neighbourhood: 'Riverside',
  },
  {
    at: '2026-10-12T15:00:00Z',
    kind: 'response',
    initiative: 'B',
    complete: false,
    neighbourhood: 'Hillside',
    ageBand: '65-74',
  },
  // A partnership active all through August only: active in neither September nor October.
  { at: '2026-08-10T15:00:00Z', kind: 'partnership', label: 'august', initiative: 'A' },
  { at: '2026-08-11T15:00:00Z', kind: 'status', partnership: 'august', status: 'active' },
  { at: '2026-08-31T15:00:00Z', kind: 'status', partnership: 'august', status: 'completed' },
  // Formed and activated in September, completed on 20 October: active in both months.
  { at: '2026-09-05T15:00:00Z', kind: 'partnership', label: 'meals', initiative: 'A' },
  { at: '2026-09-15T15:00:00Z', kind: 'status', partnership: 'meals', status: 'active' },
  { at: '2026-09-20T15:00:00Z', kind: 'money', partnership: 'meals', quantity: 5000 },
  { at: '2026-10-08T15:00:00Z', kind: 'money', partnership: 'meals', quantity: 10000 },
  { at: '2026-10-09T15:00:00Z', kind: 'staffHours', partnership: 'meals', quantity: 2 },
  { at: '2026-10-20T15:00:00Z', kind: 'status', partnership: 'meals', status: 'completed' },
  // Formed in October, still only proposed: new, not active.
  { at: '2026-10-03T15:00:00Z', kind: 'partnership', label: 'tutoring', initiative: 'B' },
  { at: '2026-09-25T15:00:00Z', kind: 'feedback', initiative: 'A', rating: 3 },
  { at: '2026-10-14T15:00:00Z', kind: 'feedback', initiative: 'A', rating: 4 },
  { at: '2026-10-15T15:00:00Z', kind: 'feedback', initiative: 'B', rating: 5 },
  // A two-seat shift on 10 October (14:00–18:00 UTC): two confirmed, one waiting; alice works
  // 14:05–17:35 (3.5 verified hours), gina does not come.
  {
    at: '2026-10-01T12:00:00Z',
    kind: 'shift',
    label: 'planting',
    initiative: 'A',
    startsAt: '2026-10-10T14:00:00Z',
    endsAt: '2026-10-10T18:00:00Z',
    capacity: 2,
  },
  { at: '2026-10-02T12:00:00Z', kind: 'signup', who: 'alice', shift: 'planting' },
  { at: '2026-10-02T12:01:00Z', kind: 'signup', who: 'gina', shift: 'planting' },
  { at: '2026-10-02T12:02:00Z', kind: 'signup', who: 'hank', shift: 'planting' },
  { at: '2026-10-10T14:05:00Z', kind: 'check-in', who: 'alice', shift: 'planting' },
  { at: '2026-10-10T17:35:00Z', kind: 'check-out', who: 'alice', shift: 'planting' },
  { at: '2026-10-10T18:30:00Z', kind: 'no-show', who: 'gina', shift: 'planting' },
  // A training session for B on 20 October, completed by ivy.
  {
    at: '2026-10-01T12:00:00Z',
    kind: 'training',
    label: 'first-aid',
    initiative: 'B',
    startsAt: '2026-10-20T14:00:00Z',
    endsAt: '2026-10-20T16:00:00Z',
  },
  { at: '2026-10-03T12:00:00Z', kind: 'enrol', who: 'ivy', session: 'first-aid' },
  { at: '2026-10-20T16:30:00Z', kind: 'complete', who: 'ivy', session: 'first-aid' },
];

const questions = [
  {
    type: 'single-choice',
    id: 'often',
    title: { en: 'How often?' },
    options: options('weekly', 'monthly'),
    required: true,
  },
  { type: 'text', id: 'why', title: { en: 'Why?' } },
];

describe('impact summaries of a fixture town', () => {
  const initiatives = {} as Record<Initiative, string>;
  const engagements = {} as Record<Initiative, string>;
  const surveyOf = {} as Record<Initiative, string>;
  const ideas = new Map<string, string>();
  const partnerships = new Map<string, { partnershipId: string; version: number; organizationId: string }>();
  /** Shift and session ids by label; sign-up and enrolment ids by `<who>@<label>`. */
  const seated = new Map<string, string>();
  const deliver = createDelivery(ledger);

  beforeAll(async () => {
    process.env.TIME_ZONE = timeZone;
    process.env.POPULATION_BASELINE = JSON.stringify(population);
    resetRuntimeConfig();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-08-01T12:00:00Z'));
    for (const name of ['A', 'B'] as const) {
      const initiative = await call(participation, {
        method: 'POST',
        path: '/initiatives',
        role: 'coordinator',
        body: { title: { en: `Initiative ${name}` } },
      });
      initiatives[name] = initiative.json.initiativeId;
      const engagement = await call(participation, {
        method: 'POST',
        path: '/engagements',
        role: 'coordinator',
        body: {
          initiativeId: initiatives[name],
          title: { en: `Engagement ${name}` },
          opensAt: '2026-08-01T00:00:00Z',
          closesAt: '2027-01-01T00:00:00Z',
        },
      });
      engagements[name] = engagement.json.engagementId;
      const survey = await call(surveys, {
        method: 'POST',
        path: '/surveys',
        role: 'coordinator',
        body: { initiativeId: initiatives[name], title: { en: 'Library' }, questions },
      });
      surveyOf[name] = survey.json.surveyId;
      await call(surveys, {
        method: 'PUT',
        path: `/surveys/${surveyOf[name]}`,
        role: 'coordinator',
        body: { title: { en: 'Library' }, questions, status: 'published' },
      });
    }

    for (const step of [...scenario].sort((a, b) => a.at.localeCompare(b.at))) {
      vi.setSystemTime(new Date(step.at));
      const email = (who: string) => `${who}@example.org`;
      let answer: Awaited<ReturnType<typeof call>>;
      if (step.kind === 'partnership') {
        const { organizationId } = await createOrganization({ name: `${step.label} partner` });
        answer = await partnershipsApi('POST', '/partnerships', {
          body: {
            name: step.label,
            organizationIds: [organizationId],
            initiativeIds: [initiatives[step.initiative]],
          },
        });
        partnerships.set(step.label, {
          partnershipId: answer.json.partnershipId,
          version: answer.json.version,
          organizationId,
        });
      } else if (step.kind === 'status') {
        const partnership = partnerships.get(step.partnership) as {
          partnershipId: string;
          version: number;
          organizationId: string;
        };
        answer = await changeStatus(partnership.partnershipId, partnership.version, step.status);
        partnership.version = answer.json.version;
        if (answer.status === 200) answer = { ...answer, status: 201 };
      } else if (step.kind === 'money' || step.kind === 'staffHours') {
        const partnership = partnerships.get(step.partnership) as {
          partnershipId: string;
          organizationId: string;
        };
        answer = await partnershipsApi('POST', `/partnerships/${partnership.partnershipId}/contributions`, {
          body:
            step.kind === 'money'
              ? {
                  kind: 'money',
                  organizationId: partnership.organizationId,
                  amount: { amount: step.quantity, currency: 'EUR' },
                }
              : { kind: 'staffHours', organizationId: partnership.organizationId, hours: step.quantity },
        });
      } else if (step.kind === 'feedback') {
        answer = await call(evaluation, {
          method: 'POST',
          path: '/feedback',
          body: { rating: step.rating, about: { kind: 'engagement', id: engagements[step.initiative] } },
        });
      } else if (step.kind === 'shift') {
        const opportunity = await call(volunteering, {
          method: 'POST',
          path: '/opportunities',
          role: 'coordinator',
          body: {
            initiativeId: initiatives[step.initiative],
            title: { en: step.label },
            skills: ['gardening'],
          },
        });
        answer = await call(volunteering, {
          method: 'POST',
          path: `/opportunities/${opportunity.json.opportunityId}/shifts`,
          role: 'coordinator',
          // `open`: counted at once, so the fixture town needs no confirmation mails.
          body: {
            startsAt: step.startsAt,
            endsAt: step.endsAt,
            timeZone,
            capacity: step.capacity,
            assurance: 'open',
          },
        });
        seated.set(step.label, answer.json.shiftId);
      } else if (step.kind === 'signup') {
        answer = await call(volunteering, {
          method: 'POST',
          path: `/shifts/${seated.get(step.shift)}/signups`,
          body: { name: step.who, email: email(step.who) },
        });
        if (answer.status === 202) answer = { ...answer, status: 201 };
        seated.set(`${step.who}@${step.shift}`, answer.json.signupId);
      } else if (step.kind === 'check-in' || step.kind === 'check-out' || step.kind === 'no-show') {
        answer = await call(volunteering, {
          method: 'POST',
          path: `/signups/${seated.get(`${step.who}@${step.shift}`)}/${step.kind}`,
          role: 'coordinator',
          ...(step.kind === 'no-show' ? {} : { body: {} }),
        });
        if (answer.status === 200) answer = { ...answer, status: 201 };
      } else if (step.kind === 'training') {
        answer = await call(volunteering, {
          method: 'POST',
          path: '/training-sessions',
          role: 'coordinator',
          body: {
            initiativeId: initiatives[step.initiative],
            title: { en: step.label },
            startsAt: step.startsAt,
            endsAt: step.endsAt,
            timeZone,
            capacity: 10,
            skillsGained: ['first aid'],
            assurance: 'open',
          },
        });
        seated.set(step.label, answer.json.sessionId);
      } else if (step.kind === 'enrol') {
        answer = await call(volunteering, {
          method: 'POST',
          path: `/training-sessions/${seated.get(step.session)}/enrolments`,
          body: { name: step.who, email: email(step.who) },
        });
        if (answer.status === 202) answer = { ...answer, status: 201 };
        seated.set(`${step.who}@${step.session}`, answer.json.enrolmentId);
      } else if (step.kind === 'complete') {
        answer = await call(volunteering, {
          method: 'POST',
          path: `/enrolments/${seated.get(`${step.who}@${step.session}`)}/completion`,
          role: 'coordinator',
        });
        if (answer.status === 200) answer = { ...answer, status: 201 };
      } else if (step.kind === 'idea') {
        answer = await call(participation, {
          method: 'POST',
          path: `/engagements/${engagements[step.initiative]}/contributions`,
          body: {
            kind: 'idea',
            title: step.label,
            body: 'An idea.',
            participant: { email: email(step.who) },
          },
        });
        ideas.set(step.label, answer.json.contributionId);
      } else if (step.kind === 'vote') {
        answer = await call(participation, {
          method: 'POST',
          path: `/contributions/${ideas.get(step.idea)}/votes`,
          body: { participant: { email: email(step.who) } },
        });
        // The vote counts when its emailed link is confirmed, at once here.
        if (answer.status === 202) {
          const link = confirmationLinkIn(await lastMailTo(email(step.who)));
          answer = await call(participation, {
            method: 'POST',
            path: link.path,
            body: { token: link.token },
          });
          if (answer.status === 200) answer = { ...answer, status: 201 };
        }
      } else if (step.kind === 'response') {
        answer = await call(surveys, {
          method: 'POST',
          path: `/surveys/${surveyOf[step.initiative]}/responses`,
          body: {
            answers: { often: 'weekly', ...(step.complete ? { why: 'Books' } : {}) },
            ...(step.neighbourhood || step.ageBand
              ? {
                  respondent: {
                    consent: true,
                    ...(step.neighbourhood ? { neighbourhood: step.neighbourhood } : {}),
                    ...(step.ageBand ? { ageBand: step.ageBand } : {}),
                  },
                }
              : {}),
          },
        });
      } else {
        throw new Error(`No fixture step ${(step as { kind: string }).kind}`);
      }
      if (answer.status !== 201) throw new Error(`${step.kind} at ${step.at}: ${answer.body}`);
    }
    vi.setSystemTime(new Date('2026-11-03T12:00:00Z'));
    // Indicators of A: one measured by staff (the November value is after the period), one
    // computed from the summary's own verified hours.
    const canopy = await call(evaluation, {
      method: 'POST',
      path: `/initiatives/${initiatives.A}/indicators`,
      role: 'coordinator',
      body: {
        name: 'Tree canopy',
        unit: '%',
        baseline: { value: 10, date: '2026-01-01' },
        target: { value: 30, date: '2026-12-31' },
        direction: 'increase',
        source: 'manual',
      },
    });
    for (const [value, measuredAt] of [
      [14, '2026-09-30T12:00:00Z'],
      [24, '2026-10-31T23:00:00-04:00'],
      [40, '2026-11-02T12:00:00Z'],
    ] as const) {
      const measured = await call(evaluation, {
        method: 'POST',
        path: `/indicators/${canopy.json.indicatorId}/measurements`,
        role: 'coordinator',
        body: { value, measuredAt },
      });
      if (measured.status !== 201) throw new Error(`measurement: ${measured.body}`);
    }
    const hoursIndicator = await call(evaluation, {
      method: 'POST',
      path: `/initiatives/${initiatives.A}/indicators`,
      role: 'coordinator',
      body: {
        name: 'Verified volunteer hours',
        unit: 'hours',
        baseline: { value: 0, date: '2026-10-01' },
        target: { value: 3, date: '2026-10-31' },
        direction: 'increase',
        source: { computed: 'verifiedVolunteerHours' },
      },
    });
    if (canopy.status !== 201 || hoursIndicator.status !== 201) throw new Error('indicators');
    // Every event twice: EventBridge delivers at least once.
    await deliver(2);
  }, 120_000);

  afterAll(() => {
    vi.useRealTimers();
    delete process.env.TIME_ZONE;
    delete process.env.POPULATION_BASELINE;
    resetRuntimeConfig();
  });

  const summary = async (period: string, initiativeId?: string, role: StaffRole = 'analyst') => {
    const answer = await call(impact, {
      method: 'GET',
      path: `/impact/summaries/${period}`,
      role,
      ...(initiativeId ? { query: { initiativeId } } : {}),
    });
    expect(answer.status, answer.body).toBe(200);
    return answer.json;
  };

  it('counts October city-wide: boundaries in the city’s time zone, new and returning people', async () => {
    // Act
    await summaryJob({ period: '2026-10' });
    const october = await summary('2026-10');

    // Assess: ideas alice (B), erin (A, 23:30 on the 31st); frank's 00:30 on 1 November is out.
    expect(october.range).toEqual({ start: '2026-10-01T04:00:00.000Z', end: '2026-11-01T04:00:00.000Z' });
    expect(october.figures).toMatchObject({
      contributions: 2,
      votes: 2,
      uniqueParticipants: 7, // alice, dave, bob, erin; gina and hank signed up; ivy enrolled
      newParticipants: 5, // dave, erin, gina, hank, ivy
      returningParticipants: 2, // alice, bob took part in September
      surveyResponses: 3,
      surveyCompletionRate: 0.6667,
    });
  });

  it('counts volunteering and capacity building: sign-ups, fill rate, no-shows, verified hours, training', async () => {
    // Act
    const october = await summary('2026-10');
    const b = await summary('2026-10', initiatives.B);

    // Assess: three sign-ups for two seats (one waits); alice worked 14:05–17:35, gina did not come.
    expect(october.figures).toMatchObject({
      volunteerSignups: 3,
      shiftFillRate: 1,
      noShows: 1,
      verifiedVolunteerHours: 3.5,
      trainingCompletions: 1,
    });
    expect(october.changes.verifiedVolunteerHours).toEqual({ previous: 0, absolute: 3.5, relative: null });
    expect(b.figures).toMatchObject({ volunteerSignups: 0, shiftFillRate: null, trainingCompletions: 1 });
  });

  it('compares each figure with September, whose last evening counted there', async () => {
    // Act
    const october = await summary('2026-10');

    // Assess: September had alice's and carol's (23:30 on the 30th) ideas, bob's vote, 2 responses.
    expect(october.previousPeriod).toBe('2026-09');
    expect(october.changes.contributions).toEqual({ previous: 2, absolute: 0, relative: 0 });
    expect(october.changes.votes).toEqual({ previous: 1, absolute: 1, relative: 1 });
    expect(october.changes.uniqueParticipants).toEqual({ previous: 3, absolute: 4, relative: 1.3333 });
    expect(october.changes.newParticipants).toEqual({ previous: 3, absolute: 2, relative: 0.6667 });
    // Rates are published to four places, and changes are worked out from the published figures.
    expect(october.changes.surveyCompletionRate).toEqual({
      previous: 0.5,
      absolute: 0.1667,
      relative: 0.3334,
    });
  });

  it('summarises each initiative with newcomers counted per initiative', async () => {
    // Act
    const a = await summary('2026-10', initiatives.A);
    const b = await summary('2026-10', initiatives.B);

    // Assess
    expect(a.figures).toMatchObject({
      contributions: 1,
      votes: 2,
      uniqueParticipants: 6, // erin, dave, bob, alice, gina, hank
      newParticipants: 4, // erin, dave, gina, hank
      returningParticipants: 2, // bob voted and alice had an idea in A in September
      surveyResponses: 2,
      surveyCompletionRate: 1,
    });
    // Alice took part in A before, but in B she is new; so is ivy, who trained.
    expect(b.figures).toMatchObject({
      contributions: 1,
      uniqueParticipants: 2,
      newParticipants: 2,
      surveyResponses: 1,
    });
  });

  it('counts partnerships active at any moment of the month, new ones, partner contributions and feedback', async () => {
    // Act
    const october = await summary('2026-10');
    const a = await summary('2026-10', initiatives.A);
    const b = await summary('2026-10', initiatives.B);

    // Assess: meals was active until the 20th; tutoring is new but only proposed; august never.
    expect(october.figures).toMatchObject({
      partnershipsActive: 1,
      partnershipsNew: 1,
      partnerContributionMoney: 10000,
      partnerContributionStaffHours: 6000, // 2 hours × the default 30.00
      partnerContributionValue: 16000,
      feedbackCount: 2,
      feedbackMeanRating: 4.5,
    });
    expect(october.changes.partnerContributionValue).toEqual({
      previous: 5000,
      absolute: 11000,
      relative: 2.2,
    });
    expect(october.changes.partnershipsActive).toEqual({ previous: 1, absolute: 0, relative: 0 });
    expect(october.changes.feedbackMeanRating).toEqual({ previous: 3, absolute: 1.5, relative: 0.5 });
    expect(a.figures).toMatchObject({
      partnershipsActive: 1,
      partnershipsNew: 0,
      partnerContributionValue: 16000,
      feedbackMeanRating: 4,
    });
    expect(b.figures).toMatchObject({
      partnershipsActive: 0,
      partnershipsNew: 1,
      partnerContributionValue: 0,
      feedbackMeanRating: 5,
    });
  });

  it('reports each indicator at the end of the period: value, progress and on-track status', async () => {
    // Act
    const a = await summary('2026-10', initiatives.A);

    // Assess
    expect(a.indicators).toMatchObject([
      // 24 % on 31 October: (24 − 10) ÷ (30 − 10) = 0.7 of the way, while 0.835 of the year had
      // passed (304 days less the spring-forward hour, of 364): more than 10 points behind.
      { name: 'Tree canopy', source: 'manual', value: 24, progress: 0.7, status: 'off-track' },
      // 3.5 verified hours against a target of 3.
      {
        name: 'Verified volunteer hours',
        source: 'verifiedVolunteerHours',
        value: 3.5,
        progress: 1.1667,
        status: 'achieved',
      },
    ]);
    expect((await summary('2026-10')).indicators).toEqual([]);
  });

  it('measures representativeness against the population baseline', async () => {
    // Act: as an admin, since groups this small are withheld from anyone else
    // (test/integration/small-numbers.test.ts).
    const october = await summary('2026-10', undefined, 'admin');

    // Assess: respondents Riverside ×2, Hillside ×1 against 50 % / 30 % / 20 % of the city.
    const neighbourhood = october.representativeness.neighbourhood;
    expect(neighbourhood.participants).toBe(3);
    // ½ (|2/3 − 0.5| + |0 − 0.3| + |1/3 − 0.2|) = 0.3
    expect(neighbourhood.index).toBe(0.7);
    expect(neighbourhood.underRepresented).toEqual([{ group: 'Old Town', ratio: 0 }]);
    expect(neighbourhood.groups.find((g: { group: string }) => g.group === 'Hillside')).toMatchObject({
      participants: 1,
      participantShare: 0.3333,
      populationShare: 0.2,
      ratio: 1.6667,
    });
    // Ages shared by two respondents: 25-34 and 65-74, against 40 % / 60 %.
    expect(october.representativeness.ageBand).toMatchObject({
      participants: 2,
      index: 0.9,
      underRepresented: [],
    });
  });

  it('gives identical figures when the job runs again, and 404 for a period never compiled', async () => {
    // Prepare
    const first = await summary('2026-10');

    // Act
    await deliver(1);
    await summaryJob({ period: '2026-10' });
    const second = await summary('2026-10');
    const missing = await call(impact, { method: 'GET', path: '/impact/summaries/2025-01', role: 'analyst' });
    const malformed = await call(impact, {
      method: 'GET',
      path: '/impact/summaries/2026-13',
      role: 'analyst',
    });

    // Assess
    const { compiledAt: _a, ...firstFigures } = first;
    const { compiledAt: _b, ...secondFigures } = second;
    expect(secondFigures).toEqual(firstFigures);
    expect(missing.status).toBe(404);
    expect(malformed.status).toBe(422);
  });
});
