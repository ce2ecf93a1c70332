import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { surveyQuestions } from '../../infra/local/seed';
import { type RunningLocalStack, startLocalStack } from '../../infra/local/start';
import { issueStaffToken } from '../../infra/local/tokens';
import { axeViolations, connectBrowser } from '../support/browser';

/**
 * Issue 14: the example city pages of `examples/`, served by the local stack at `/examples/`,
 * pass axe-core in Chromium, and each form posts to the API and lands on its thank-you page (or,
 * refused, on the API's error page, whose links lead back to the form's fields). One in-process
 * stack for the whole file: the machine is small.
 */

let home: string;
let stack: RunningLocalStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const targets = { engagementId: '', contributionId: '', surveyId: '', shiftId: '', meetingId: '' };
let coordinatorToken = '';

async function api<T = Record<string, string>>(
  method: string,
  path: string,
  body: unknown,
  token?: string,
): Promise<T> {
  const response = await fetch(`${stack.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'civic-examples-browser-'));
  stack = await startLocalStack({
    port: 0,
    inMemory: true,
    civicHome: home,
    env: { PATH: process.env.PATH },
    log: () => undefined,
  });
  const token = await issueStaffToken({ home, role: 'coordinator' });
  const soon = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
  const { initiativeId } = await api('POST', '/initiatives', { title: { en: 'Riverside park' } }, token);
  const { engagementId } = await api(
    'POST',
    '/engagements',
    { initiativeId, title: { en: 'What should the park have?' }, opensAt: soon(-1), closesAt: soon(30) },
    token,
  );
  const { contributionId } = await api('POST', `/engagements/${engagementId}/contributions`, {
    kind: 'idea',
    title: 'Splash pad',
    body: 'Somewhere cool for children in summer.',
  });
  const survey = { title: { en: 'Riverside park' }, questions: surveyQuestions };
  const { surveyId } = await api('POST', '/surveys', { initiativeId, ...survey }, token);
  await api('PUT', `/surveys/${surveyId}`, { ...survey, status: 'published' }, token);
  const { opportunityId } = await api(
    'POST',
    '/opportunities',
    { initiativeId, title: { en: 'Tree planting' }, location: { name: 'North gate' } },
    token,
  );
  const { shiftId } = await api(
    'POST',
    `/opportunities/${opportunityId}/shifts`,
    { startsAt: soon(7), endsAt: soon(7.125), timeZone: 'UTC', capacity: 5 },
    token,
  );
  // `open` assurance: a registration counts at once, so its requests show in the coordinator's
  // counts without following a mailed link (the form itself is the same for an `email` meeting).
  const { meetingId } = await api(
    'POST',
    `/engagements/${engagementId}/meetings`,
    {
      title: { en: 'Riverside town hall' },
      startsAt: soon(14),
      endsAt: soon(14.0625),
      timeZone: 'UTC',
      format: 'online',
      link: 'https://meet.city.example/riverside',
      languages: ['en'],
      capacity: 50,
      assurance: 'open',
    },
    token,
  );
  Object.assign(targets, { engagementId, contributionId, surveyId, shiftId, meetingId });
  coordinatorToken = token;
  browser = await connectBrowser();
  context = await browser.newContext();
  page = await context.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (home) rmSync(home, { recursive: true, force: true });
});

const examplePage = (path: string, query: Record<string, string> = {}) =>
  `${stack.url}/examples/${path}${Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''}`;

/** Submits the page's form and waits for the page the browser lands on. */
async function submit(label: string) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: label }).click()]);
}

describe('examples/ in Chromium', () => {
  it.each([
    ['index.html', {}],
    ['idea.html', { engagementId: 'engagementId' }],
    ['vote.html', { contributionId: 'contributionId' }],
    ['survey.html', { surveyId: 'surveyId' }],
    ['shift.html', { shiftId: 'shiftId' }],
    ['feedback.html', { engagementId: 'engagementId' }],
    ['meeting.html', { meetingId: 'meetingId' }],
    ['thanks/received.html', {}],
    ['thanks/check-your-email.html', {}],
  ] as const)('%s has no axe violations (WCAG 2.2 AA)', async (path, wanted) => {
    // Prepare
    const query = Object.fromEntries(
      Object.entries(wanted).map(([name, target]) => [name, targets[target as keyof typeof targets]]),
    );

    // Act
    const response = await page.goto(examplePage(path, query));

    // Assess
    expect(response?.status()).toBe(200);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('posts an idea and lands on the thank-you page, and the idea is published', async () => {
    // Prepare
    await page.goto(examplePage('idea.html', { engagementId: targets.engagementId }));
    await page.getByLabel('Title of your idea').fill('Shade sails over the playground');
    await page.getByLabel('Your idea', { exact: true }).fill('The playground is too hot in July.');

    // Act
    await submit('Send my idea');

    // Assess
    expect(page.url()).toBe(examplePage('thanks/received.html'));
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Thank you');
    const list = (await (
      await fetch(`${stack.url}/engagements/${targets.engagementId}/contributions`)
    ).json()) as {
      items: { title: string }[];
    };
    expect(list.items.map((item: { title: string }) => item.title)).toContain(
      'Shade sails over the playground',
    );
  });

  it('casts a vote and lands on the check-your-email page', async () => {
    // Prepare
    await page.goto(examplePage('vote.html', { contributionId: targets.contributionId }));
    await page.getByLabel('Email address').fill('ana@example.org');

    // Act
    await submit('Vote for this idea');

    // Assess
    expect(page.url()).toBe(examplePage('thanks/check-your-email.html'));
  });

  it('answers the survey and lands on the thank-you page', async () => {
    // Prepare
    await page.goto(examplePage('survey.html', { surveyId: targets.surveyId }));
    await page.getByLabel('More shade and trees').check();
    await page.getByLabel('Walking').check();
    await page.getByLabel('With children').check();
    await page
      .getByRole('group', { name: 'How satisfied are you with the park today?' })
      .getByLabel('4')
      .check();
    await page.getByLabel('Which neighbourhood do you live in? (optional)').selectOption('Old Town');

    // Act
    await submit('Send my answers');

    // Assess
    expect(page.url()).toBe(examplePage('thanks/received.html'));
  });

  it('signs up for a shift and lands on the check-your-email page', async () => {
    // Prepare
    await page.goto(examplePage('shift.html', { shiftId: targets.shiftId }));
    await page.getByLabel('Your name').fill('Ana Diaz');
    await page.getByLabel('Email address').fill('ana@example.org');

    // Act
    await submit('Sign me up');

    // Assess
    expect(page.url()).toBe(examplePage('thanks/check-your-email.html'));
  });

  it('rates the engagement and lands on the thank-you page', async () => {
    // Prepare
    await page.goto(examplePage('feedback.html', { engagementId: targets.engagementId }));
    await page.getByLabel('5 – Excellent').check();
    await page.getByLabel('Anything you would like to add? (optional)').fill('Easy to take part.');

    // Act
    await submit('Send my rating');

    // Assess
    expect(page.url()).toBe(examplePage('thanks/received.html'));
  });

  it('lands a refused idea on the error page, whose links lead to the form’s fields', async () => {
    // Prepare
    const form = examplePage('idea.html', { engagementId: targets.engagementId });
    await page.goto(form);
    await page.getByLabel('Title of your idea').fill('ok');

    // Act
    await submit('Send my idea');
    const links = await page
      .getByRole('alert')
      .getByRole('link')
      // Resolved by the browser, as a person following them would be sent.
      .evaluateAll((anchors) => anchors.map((a) => (a as unknown as { href: string }).href));
    const violations = await axeViolations(page);
    await Promise.all([
      page.waitForURL(`${form}#field-title`),
      page.locator('a[href$="#field-title"]').click(),
    ]);

    // Assess
    expect(links.sort()).toEqual([`${form}#field-body`, `${form}#field-title`]);
    expect(violations).toEqual([]);
    expect(await page.locator(':target').getAttribute('id')).toBe('field-title');
  });

  it('registers for a meeting with accommodation requests and lands on the check-your-email page', async () => {
    // Prepare
    await page.goto(examplePage('meeting.html', { meetingId: targets.meetingId }));
    await page.getByLabel('Your name').fill('Ana Diaz');
    await page.getByLabel('Email address').fill('ana.meeting@example.org');
    const interpreting = page.getByRole('group', { name: 'Interpreting (optional)' });
    await interpreting.getByLabel('Spanish').check();
    await interpreting.getByLabel('Vietnamese').check();
    await interpreting.getByLabel('A sign-language interpreter').check();
    await page.getByLabel('How many children need care during the meeting?').fill('2');
    await page.getByLabel('I need step-free access').check();
    await page.getByLabel('Anything else we should arrange?').fill('A hearing loop, please.');

    // Act
    await submit('Register');

    // Assess
    expect(page.url()).toBe(examplePage('thanks/check-your-email.html'));
    const counts = await (
      await fetch(`${stack.url}/meetings/${targets.meetingId}/accommodations`, {
        headers: { authorization: `Bearer ${coordinatorToken}` },
      })
    ).json();
    expect(counts).toMatchObject({
      registrations: 1,
      interpreters: { es: 1, vi: 1 },
      signLanguage: 1,
      childcare: { registrations: 1, children: 2 },
      stepFreeAccess: 1,
      other: ['A hearing loop, please.'],
    });
  });

  it('lands a refused registration on the error page, whose links lead to the form’s fields', async () => {
    // Prepare
    const form = examplePage('meeting.html', { meetingId: targets.meetingId });
    await page.goto(form);
    await page.getByLabel('Your name').fill('Ben Okafor');
    await page.getByLabel('Email address').fill('not an address');
    await page.getByLabel('How many children need care during the meeting?').fill('12');

    // Act
    await submit('Register');
    const links = await page
      .getByRole('alert')
      .getByRole('link')
      .evaluateAll((anchors) => anchors.map((a) => (a as unknown as { href: string }).href));
    const violations = await axeViolations(page);
    await Promise.all([
      page.waitForURL(`${form}#field-accommodations.childcare.children`),
      page.locator('a[href$="#field-accommodations.childcare.children"]').click(),
    ]);

    // Assess
    expect(links.sort()).toEqual([`${form}#field-accommodations.childcare.children`, `${form}#field-email`]);
    expect(violations).toEqual([]);
    expect(await page.locator(':target').getAttribute('id')).toBe('field-accommodations.childcare.children');
  });
});
