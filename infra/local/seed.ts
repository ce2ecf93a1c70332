/**
 * `npx civic seed`: a realistic demo town, written through the public HTTP API of a running stack
 * exactly as a city's scripts would (staff tokens, public resident routes). Every write carries
 * `Idempotency-Key: civic-seed-<step>`, and every time in it is counted from the moment the first
 * initiative was created (which a repeat replays), so a second run inside the idempotency window
 * (24 h) sends the same requests and writes nothing.
 */

import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';

export type SeedRole = 'coordinator' | 'admin';

export interface SeedOptions {
  /** The local stack's base URL, e.g. `http://localhost:3000`. */
  url: string;
  /** Bearer tokens for the staff steps. */
  tokens: Record<SeedRole, string>;
  /** The city's currency (ISO 4217) for the money contribution. */
  currency: string;
  /** The city's IANA time zone, where shifts and training take place. */
  timeZone: string;
  /** One line per step. */
  progress: (line: string) => void;
  /**
   * How many requests of one step are in flight at once.
   * @default 4
   */
  concurrency?: number;
  /**
   * The stack's mail outbox: residents confirm their votes by following the links mailed there,
   * as they would in their mailbox. Without it votes stay awaiting confirmation and count nothing.
   */
  outbox?: string;
}

export interface SeedSummary {
  /** The instant all demo times are counted from: when the first seed created its first initiative. */
  anchor: string;
  initiatives: number;
  engagements: number;
  ideas: number;
  votes: number;
  surveys: number;
  surveyResponses: number;
  opportunities: number;
  shifts: number;
  signups: { confirmed: number; waitlisted: number };
  trainingSessions: number;
  enrolments: number;
  organizations: number;
  partnerships: number;
  partnerContributions: number;
  indicators: number;
  measurements: number;
  feedback: number;
  needs: number;
  assets: number;
  digestSubscriptions: number;
}

/** A step the stack refused: which step, the HTTP status and the problem+json it answered. */
export class SeedStepError extends Error {
  constructor(
    readonly step: string,
    readonly status: number,
    readonly detail: string,
    readonly fieldErrors: readonly { path: string; message: string }[],
  ) {
    const fields = fieldErrors.map((error) => `\n  ${error.path}: ${error.message}`).join('');
    super(`step "${step}" failed: ${status} ${detail}${fields}`);
    this.name = 'SeedStepError';
  }
}

// ── Deterministic randomness ─────────────────────────────────────────────────

/** mulberry32: a small seeded PRNG, so every seed of the demo town is the same town. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pick = <T>(random: () => number, list: readonly T[]): T =>
  list[Math.floor(random() * list.length)] as T;

/** `count` distinct items of `list`, in a random order. */
function sample<T>(random: () => number, list: readonly T[], count: number): T[] {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy.slice(0, Math.min(count, copy.length));
}

// ── The town ─────────────────────────────────────────────────────────────────

export const neighbourhoods = ['Riverside', 'Old Town', 'Northgate', 'Millbrook', 'Harbour'] as const;
const ageBands = ['16-24', '25-34', '35-44', '45-54', '55-64', '65-74', '75-plus'] as const;
const firstNames = [
  'Ana',
  'Ben',
  'Chloé',
  'Dev',
  'Eva',
  'Femi',
  'Grace',
  'Hugo',
  'Iris',
  'Jon',
  'Kai',
  'Lina',
];
const residentCount = 30;
const resident = (n: number) => `resident-${n}@example.org`;

interface InitiativePlan {
  slug: string;
  title: { en: string; es: string };
  summary: { en: string; es: string };
  neighbourhoods: string[];
  ideas: { title: string; body: string }[];
}

const initiativePlans: InitiativePlan[] = [
  {
    slug: 'riverside-park',
    title: { en: 'Riverside park renewal', es: 'Renovación del parque Riverside' },
    summary: {
      en: 'New paths, play areas and shade along the river, planned with the people who use the park.',
      es: 'Nuevos caminos, zonas de juego y sombra junto al río, planificados con quienes usan el parque.',
    },
    neighbourhoods: ['Riverside', 'Old Town'],
    ideas: [
      { title: 'More shade trees by the playground', body: 'Summer afternoons are too hot for toddlers.' },
      {
        title: 'A lit path along the river',
        body: 'People would walk home this way after dark if it were lit.',
      },
      { title: 'Drinking fountains', body: 'One near the football pitch and one near the benches.' },
      { title: 'A dog-free lawn', body: 'Somewhere for picnics without dogs running through.' },
      { title: 'Outdoor table tennis', body: 'Two tables near the kiosk; teenagers would use them.' },
      { title: 'Public toilets open all year', body: 'The current ones close in October.' },
      { title: 'Wildflower meadow', body: 'Leave the slope by the bridge unmown for pollinators.' },
      { title: 'Accessible riverside benches', body: 'Benches with armrests every hundred metres.' },
    ],
  },
  {
    slug: 'youth-employment',
    title: { en: 'Youth employment 2027', es: 'Empleo juvenil 2027' },
    summary: {
      en: 'First jobs, apprenticeships and mentoring for residents aged 16 to 24.',
      es: 'Primeros empleos, prácticas y mentorías para residentes de 16 a 24 años.',
    },
    neighbourhoods: ['Northgate', 'Harbour'],
    ideas: [
      { title: 'Paid summer internships at the city', body: 'Eight weeks, paid, in every department.' },
      { title: 'CV clinics at the library', body: 'Saturday mornings with volunteers from local firms.' },
      {
        title: 'Mentoring by retired tradespeople',
        body: 'Pair apprentices with people who know the trade.',
      },
      {
        title: 'Free bus passes for job interviews',
        body: 'Getting to an interview should not cost a day’s pay.',
      },
      { title: 'A jobs board for local shops', body: 'Small businesses struggle to reach young applicants.' },
      { title: 'Digital skills bootcamp', body: 'Short courses in spreadsheets, web and design.' },
      { title: 'Harbour apprenticeships', body: 'The port needs electricians and welders.' },
      { title: 'Childcare during training', body: 'Young parents cannot attend courses without it.' },
    ],
  },
  {
    slug: 'library-hours',
    title: { en: 'Library hours', es: 'Horario de la biblioteca' },
    summary: {
      en: 'When should the branch libraries open? Evenings, weekends, or both?',
      es: '¿Cuándo deberían abrir las bibliotecas de barrio? ¿Por la tarde, los fines de semana o ambos?',
    },
    neighbourhoods: ['Millbrook', 'Old Town', 'Northgate'],
    ideas: [
      { title: 'Open until 9 pm on weekdays', body: 'After work is the only time many of us can go.' },
      { title: 'Sunday afternoon opening', body: 'Families have time on Sundays.' },
      { title: 'Quiet study hours for exams', body: 'Extra hours in May and June for students.' },
      { title: 'Self-service lockers for holds', body: 'Pick up reserved books when the library is closed.' },
      { title: 'Earlier opening on Saturdays', body: 'Nine instead of ten would suit market days.' },
      { title: 'A mobile library for Millbrook', body: 'The nearest branch is two buses away.' },
      { title: 'Homework club after school', body: 'Staffed hours from 3 to 6 pm.' },
      {
        title: 'Keep the reading room open at lunch',
        body: 'It closes exactly when office workers are free.',
      },
    ],
  },
];

const dayMs = 86_400_000;

/** Midnight UTC `days` after the anchor's day, plus `hours`. */
const at = (anchor: Date, days: number, hours = 0) =>
  new Date(
    Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth(), anchor.getUTCDate()) +
      days * dayMs +
      hours * 3_600_000,
  );
const later = (date: Date, hours: number) => new Date(date.getTime() + hours * 3_600_000);
const instant = (date: Date) => date.toISOString();
const calendarDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Every confirmation link of `collection` in the outbox's mail (`…/votes/<id>/confirmation?token=…`):
 * what residents would click. Confirming one twice answers the same, so a second seed may repeat
 * them. `textOf` caches each file's text part, so every mail is parsed once per seed.
 */
async function mailedConfirmationLinks(
  outbox: string,
  collection: ConfirmedCollection,
  textOf: Map<string, string>,
): Promise<{ id: string; token: string }[]> {
  const { simpleParser } = await import('mailparser');
  const files = existsSync(outbox) ? (await readdir(outbox)).filter((file) => file.endsWith('.eml')) : [];
  const link = new RegExp(`/${collection}/([^/\\s]+)/confirmation\\?token=([\\w-]+)`, 'g');
  const links = new Map<string, string>();
  // Oldest first: where a repeated request replaced an earlier link, the latest one wins.
  for (const file of files.sort()) {
    let text = textOf.get(file);
    if (text === undefined) {
      text = (await simpleParser(await readFile(join(outbox, file)))).text ?? '';
      textOf.set(file, text);
    }
    for (const [, id, token] of text.matchAll(link)) links.set(id as string, token as string);
  }
  return [...links].map(([id, token]) => ({ id, token }));
}

type ConfirmedCollection = 'votes' | 'signups' | 'enrolments';

// ── HTTP ─────────────────────────────────────────────────────────────────────

interface Problem {
  detail?: string;
  title?: string;
  errors?: { path: string; message: string }[];
}

/** A step refused this many times in a row by a rate limit fails the seed. */
const maxRateLimitedAttempts = 20;

/** What the seed reads of an answer. */
interface Exchange {
  status: number;
  /** `Retry-After` in seconds; 0 when absent. */
  retryAfter: number;
  text: string;
}

/** Loopback addresses the residents' writes come from: 127.0.0.2 onwards (Linux routes all of 127/8 to `lo`). */
const residentAddressCount = 250;

class Api {
  private rateLimited = false;
  /** Whether this machine lets the seed send from other loopback addresses (macOS only has 127.0.0.1). */
  private residentAddresses = true;
  private nextResident = 0;

  constructor(private readonly options: SeedOptions) {}

  /** Said once: the stack's per-address limits (`rateLimits`) are slowing the seed down. */
  private noteRateLimited() {
    if (this.rateLimited) return;
    this.rateLimited = true;
    this.options.progress(
      'the stack limits how fast one address may write (429): waiting as asked. To seed at full speed, start the stack with higher limits, e.g. RATE_LIMITS=\'{"publicWrites":{"requests":100000},"votes":{"requests":100000},"signups":{"requests":100000}}\' npm start',
    );
  }

  private nextResidentAddress(): string | undefined {
    if (!this.residentAddresses) return undefined;
    this.nextResident = (this.nextResident % residentAddressCount) + 1;
    return `127.0.0.${1 + this.nextResident}`;
  }

  /**
   * One HTTP exchange, from `localAddress` when given (`fetch` cannot choose one). Where the
   * machine has no such address the seed falls back to the usual one and waits out the limits.
   */
  private exchange(
    step: string,
    url: string,
    method: string,
    headers: Record<string, string>,
    body: string,
    localAddress: string | undefined,
  ): Promise<Exchange> {
    return new Promise<Exchange>((resolve, reject) => {
      const request = httpRequest(
        url,
        { method, headers, ...(localAddress ? { localAddress, family: 4 } : {}) },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              retryAfter: Number(response.headers['retry-after'] ?? 0) || 0,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        },
      );
      request.on('error', reject);
      request.end(body);
    }).catch((error: NodeJS.ErrnoException) => {
      if (localAddress && ['EADDRNOTAVAIL', 'EINVAL', 'EAFNOSUPPORT'].includes(error.code ?? '')) {
        this.residentAddresses = false;
        return this.exchange(step, url, method, headers, body, undefined);
      }
      throw new SeedStepError(step, 0, `the stack did not answer: ${error.message}`, []);
    });
  }

  /** One write: JSON body, the step's idempotency key, the role's token (none for resident routes). */
  async write<T>(
    step: string,
    method: 'POST' | 'PUT' | 'PATCH',
    path: string,
    body: unknown,
    role?: SeedRole,
  ) {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
      'idempotency-key': `civic-seed-${step}`,
    };
    if (role) headers.authorization = `Bearer ${this.options.tokens[role]}`;
    // Residents write from their own connections, as a town's residents do: each public write
    // comes from the next loopback address, so the stack's per-address limits see a town, not a
    // script. Staff steps come from the usual address (their routes are not rate limited).
    const from = role ? undefined : this.nextResidentAddress();
    let answer: Exchange;
    for (let attempt = 1; ; attempt++) {
      answer = await this.exchange(
        step,
        `${this.options.url}${path}`,
        method,
        headers,
        JSON.stringify(body),
        from,
      );
      if (answer.status !== 429 || !(answer.retryAfter > 0) || attempt > maxRateLimitedAttempts) break;
      // Over a per-address rate limit nothing was written: wait as asked, then send it again.
      this.noteRateLimited();
      await new Promise((resolve) => setTimeout(resolve, answer.retryAfter * 1000));
    }
    let parsed: unknown;
    try {
      parsed = answer.text === '' ? {} : JSON.parse(answer.text);
    } catch {
      parsed = { detail: answer.text.slice(0, 200) };
    }
    if (answer.status >= 300) {
      const problem = parsed as Problem;
      throw new SeedStepError(
        step,
        answer.status,
        problem.detail ?? problem.title ?? `HTTP ${answer.status}`,
        problem.errors ?? [],
      );
    }
    return parsed as T;
  }

  /** Runs `task` over `items`, a few at a time, keeping their order in the results. */
  async each<T, R>(items: readonly T[], task: (item: T, index: number) => Promise<R>): Promise<R[]> {
    const results: R[] = new Array(items.length);
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index] as T, index);
      }
    };
    const lanes = Math.max(1, this.options.concurrency ?? 4);
    await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, worker));
    return results;
  }
}

// ── The steps ────────────────────────────────────────────────────────────────

export const surveyQuestions = [
  {
    id: 'priority',
    type: 'single-choice',
    required: true,
    title: { en: 'What should the renewal do first?', es: '¿Qué debería hacer primero la renovación?' },
    options: [
      { id: 'shade', label: { en: 'More shade and trees', es: 'Más sombra y árboles' } },
      { id: 'play', label: { en: 'Better play areas', es: 'Mejores zonas de juego' } },
      { id: 'lighting', label: { en: 'Lighting and safety', es: 'Iluminación y seguridad' } },
      { id: 'toilets', label: { en: 'Toilets and fountains', es: 'Aseos y fuentes' } },
    ],
  },
  {
    id: 'uses',
    type: 'multi-choice',
    title: { en: 'How do you use the park?', es: '¿Cómo usa el parque?' },
    minSelections: 1,
    maxSelections: 3,
    options: [
      { id: 'walking', label: { en: 'Walking', es: 'Pasear' } },
      { id: 'sport', label: { en: 'Sport', es: 'Deporte' } },
      { id: 'children', label: { en: 'With children', es: 'Con niños' } },
      { id: 'dog', label: { en: 'With a dog', es: 'Con perro' } },
      { id: 'events', label: { en: 'Events and markets', es: 'Eventos y mercados' } },
    ],
  },
  {
    id: 'satisfaction',
    type: 'likert',
    required: true,
    points: 5,
    title: {
      en: 'How satisfied are you with the park today?',
      es: '¿Qué tan satisfecho está hoy con el parque?',
    },
    labels: {
      low: { en: 'Not at all', es: 'Nada' },
      high: { en: 'Very', es: 'Mucho' },
    },
  },
  {
    id: 'home',
    type: 'location',
    title: { en: 'Which neighbourhood do you live in?', es: '¿En qué barrio vive?' },
    neighbourhoods: [...neighbourhoods],
  },
  {
    id: 'frequency',
    type: 'single-choice',
    title: { en: 'How often do you visit?', es: '¿Con qué frecuencia lo visita?' },
    options: [
      { id: 'daily', label: { en: 'Almost every day', es: 'Casi todos los días' } },
      { id: 'weekly', label: { en: 'Every week', es: 'Cada semana' } },
      { id: 'monthly', label: { en: 'A few times a month', es: 'Algunas veces al mes' } },
      { id: 'rarely', label: { en: 'Rarely', es: 'Rara vez' } },
    ],
  },
] as const;

const surveyTitle = { en: 'Riverside park: what matters to you?', es: 'Parque Riverside: ¿qué le importa?' };
const surveyDescription = {
  en: 'Five short questions. Your answers shape the first phase of the renewal.',
  es: 'Cinco preguntas breves. Sus respuestas definen la primera fase de la renovación.',
};

/**
 * Fills the stack at `options.url` with the demo town and says what it holds. Throws
 * {@link SeedStepError} at the first step the stack refuses.
 */
export async function seedDemoTown(options: SeedOptions): Promise<SeedSummary> {
  const api = new Api(options);
  const say = options.progress;
  /**
   * Residents follow the links the stack mailed them (the outbox), as they would in their
   * mailbox: what waits for confirmation counts once they do. Returns how many were confirmed.
   */
  const mailTexts = new Map<string, string>();
  const confirmMailedLinks = async (collection: ConfirmedCollection): Promise<number> => {
    if (!options.outbox) return 0;
    const links = await mailedConfirmationLinks(options.outbox, collection, mailTexts);
    say(`${links.length} ${collection} confirmed through the emailed links…`);
    await api.each(links, (link) =>
      api.write(`confirm-${collection}-${link.id}`, 'POST', `/${collection}/${link.id}/confirmation`, {
        token: link.token,
      }),
    );
    return links.length;
  };
  const random = seededRandom(2027);

  // Initiatives. The first one's creation time anchors every other date, so a repeat (whose first
  // request replays the stored answer) sends byte-identical requests.
  say(`${initiativePlans.length} initiatives…`);
  const initiatives: { initiativeId: string; createdAt: string }[] = [];
  for (const [index, plan] of initiativePlans.entries()) {
    const anchorSoFar = initiatives[0] ? new Date(initiatives[0].createdAt) : undefined;
    initiatives.push(
      await api.write<{ initiativeId: string; createdAt: string }>(
        `initiative-${plan.slug}`,
        'POST',
        '/initiatives',
        {
          title: plan.title,
          summary: plan.summary,
          status: 'active',
          neighbourhoods: plan.neighbourhoods,
          ...(anchorSoFar ? { startsOn: calendarDay(at(anchorSoFar, -30 * index)) } : {}),
        },
        'coordinator',
      ),
    );
  }
  const anchor = new Date((initiatives[0] as { createdAt: string }).createdAt);
  const initiativeIds = initiatives.map((initiative) => initiative.initiativeId);
  const [parkId, youthId, libraryId] = initiativeIds as [string, string, string];

  // Engagements with ideas and votes.
  say(`${initiativePlans.length} engagements, open from 30 days ago to 60 days ahead…`);
  const engagementIds = await api.each(initiativePlans, async (plan, index) => {
    const opens = at(anchor, -30);
    const closes = at(anchor, 60);
    const middle = at(anchor, 30);
    const engagement = await api.write<{ engagementId: string }>(
      `engagement-${plan.slug}`,
      'POST',
      '/engagements',
      {
        initiativeId: initiativeIds[index],
        title: { en: `${plan.title.en}: your ideas`, es: `${plan.title.es}: sus ideas` },
        description: plan.summary,
        opensAt: instant(opens),
        closesAt: instant(closes),
        moderation: 'post',
        phases: [
          {
            name: { en: 'Ideas', es: 'Ideas' },
            startsAt: instant(opens),
            endsAt: instant(middle),
            allows: ['contributions', 'comments', 'votes'],
          },
          {
            name: { en: 'Voting', es: 'Votación' },
            startsAt: instant(middle),
            endsAt: instant(closes),
            allows: ['comments', 'votes'],
          },
        ],
      },
      'coordinator',
    );
    return engagement.engagementId;
  });

  const ideaCount = initiativePlans.reduce((sum, plan) => sum + plan.ideas.length, 0);
  say(`${ideaCount} ideas from residents…`);
  const ideaPlan = initiativePlans.flatMap((plan, p) =>
    plan.ideas.map((idea, i) => ({ plan, p, i, idea, author: 1 + ((p * 11 + i * 3) % residentCount) })),
  );
  const ideaIds = await api.each(ideaPlan, async ({ plan, p, i, idea, author }) => {
    const answer = await api.write<{ contributionId: string }>(
      `idea-${plan.slug}-${i + 1}`,
      'POST',
      `/engagements/${engagementIds[p]}/contributions`,
      {
        kind: 'idea',
        title: idea.title,
        body: idea.body,
        language: 'en',
        participant: { email: resident(author) },
      },
    );
    return { slug: plan.slug, p, i, contributionId: answer.contributionId };
  });

  // Each resident backs one to four ideas per engagement; popular ideas draw more votes.
  const votes: { step: string; contributionId: string; email: string }[] = [];
  for (let r = 1; r <= residentCount; r++) {
    for (const [p, plan] of initiativePlans.entries()) {
      const ideas = ideaIds.filter((idea) => idea.p === p);
      const weighted = ideas.flatMap((idea) => Array.from({ length: 8 - idea.i }, () => idea));
      const chosen = new Set<(typeof ideas)[number]>();
      const wanted = 1 + Math.floor(random() * 4);
      while (chosen.size < wanted) chosen.add(pick(random, weighted));
      for (const idea of chosen)
        votes.push({
          step: `vote-${plan.slug}-${idea.i + 1}-resident-${r}`,
          contributionId: idea.contributionId,
          email: resident(r),
        });
    }
  }
  say(`${votes.length} votes from ${residentCount} residents…`);
  await api.each(votes, (vote) =>
    api.write(vote.step, 'POST', `/contributions/${vote.contributionId}/votes`, {
      participant: { email: vote.email },
    }),
  );
  await confirmMailedLinks('votes');

  // Survey: drafted, published, answered.
  say('1 survey in English and Spanish, published…');
  const survey = await api.write<{ surveyId: string }>(
    'survey-riverside-park',
    'POST',
    '/surveys',
    { initiativeId: parkId, title: surveyTitle, description: surveyDescription, questions: surveyQuestions },
    'coordinator',
  );
  await api.write(
    'survey-riverside-park-publish',
    'PUT',
    `/surveys/${survey.surveyId}`,
    { title: surveyTitle, description: surveyDescription, questions: surveyQuestions, status: 'published' },
    'coordinator',
  );
  const responseCount = 60;
  say(`${responseCount} survey responses…`);
  const responses = Array.from({ length: responseCount }, (_, n) => {
    const home = pick(random, neighbourhoods);
    const priority = pick(random, ['shade', 'play', 'lighting', 'toilets', 'shade', 'lighting']);
    const uses = sample(
      random,
      ['walking', 'sport', 'children', 'dog', 'events'],
      1 + Math.floor(random() * 3),
    );
    const satisfaction = 1 + Math.floor(random() * 5);
    const answers: Record<string, unknown> = { priority, uses, satisfaction, home: { neighbourhood: home } };
    if (random() < 0.8) answers.frequency = pick(random, ['daily', 'weekly', 'monthly', 'rarely']);
    const consents = random() < 0.85;
    return {
      step: `survey-riverside-park-response-${n + 1}`,
      body: {
        answers,
        ...(consents
          ? {
              respondent: {
                consent: true,
                neighbourhood: home,
                ageBand: pick(random, ageBands),
                language: random() < 0.3 ? 'es' : 'en',
              },
            }
          : {}),
      },
    };
  });
  await api.each(responses, (response) =>
    api.write(response.step, 'POST', `/surveys/${survey.surveyId}/responses`, response.body),
  );

  // Needs, with the survey as evidence.
  say('1 needs entry…');
  await api.write(
    'need-riverside-shade',
    'POST',
    '/needs',
    {
      initiativeId: parkId,
      name: { en: 'Shade in summer', es: 'Sombra en verano' },
      description: {
        en: 'Residents avoid the park on hot afternoons; the playground has no shade.',
        es: 'Los vecinos evitan el parque las tardes calurosas; el área de juegos no tiene sombra.',
      },
      severity: 4,
      evidence: [{ surveyId: survey.surveyId, questionId: 'priority', optionIds: ['shade'] }],
    },
    'coordinator',
  );

  // Volunteering: opportunities, shifts in the coming weeks, sign-ups; a training session.
  const opportunityPlans = [
    {
      slug: 'park-planting',
      initiativeId: parkId,
      title: { en: 'Tree planting in Riverside park', es: 'Plantación de árboles en el parque Riverside' },
      skills: ['gardening', 'outdoor work'],
      location: { name: 'Riverside park, north gate', lat: 51.5079, lon: -0.0877 },
      capacities: [8, 10, 6],
    },
    {
      slug: 'cv-clinic',
      initiativeId: youthId,
      title: { en: 'CV clinic mentor', es: 'Mentor en el taller de CV' },
      skills: ['mentoring', 'writing'],
      location: { name: 'Central library, room 2' },
      capacities: [5, 5, 7],
    },
  ];
  say(`${opportunityPlans.length} volunteer opportunities with 3 shifts each…`);
  const shifts: { slug: string; shiftId: string; capacity: number; s: number }[] = [];
  for (const plan of opportunityPlans) {
    const opportunity = await api.write<{ opportunityId: string }>(
      `opportunity-${plan.slug}`,
      'POST',
      '/opportunities',
      {
        initiativeId: plan.initiativeId,
        title: plan.title,
        skills: plan.skills,
        location: plan.location,
        accessibilityNotes: 'Step-free access; tell us what you need and we will arrange it.',
      },
      'coordinator',
    );
    for (const [s, capacity] of plan.capacities.entries()) {
      const starts = at(anchor, 7 * (s + 1) + (plan.slug === 'cv-clinic' ? 2 : 5), 9);
      const shift = await api.write<{ shiftId: string }>(
        `shift-${plan.slug}-${s + 1}`,
        'POST',
        `/opportunities/${opportunity.opportunityId}/shifts`,
        {
          startsAt: instant(starts),
          endsAt: instant(later(starts, 3)),
          timeZone: options.timeZone,
          capacity,
        },
        'coordinator',
      );
      shifts.push({ slug: plan.slug, shiftId: shift.shiftId, capacity, s });
    }
  }
  const signupPlan = shifts.flatMap((shift) =>
    sample(
      random,
      Array.from({ length: residentCount }, (_, n) => n + 1),
      shift.capacity - 2 + Math.floor(random() * 5),
    ).map((r) => ({ shift, r, name: `${pick(random, firstNames)} R${r}` })),
  );
  say(`${signupPlan.length} volunteer sign-ups…`);
  await api.each(signupPlan, ({ shift, r, name }) =>
    api.write(
      `signup-${shift.slug}-${shift.s + 1}-resident-${r}`,
      'POST',
      `/shifts/${shift.shiftId}/signups`,
      {
        name,
        email: resident(r),
        skills: r % 3 === 0 ? ['first aid'] : [],
        consentToContact: r % 2 === 0,
      },
    ),
  );

  // Held seats are confirmed through their mail; the rest are on the waitlists.
  const confirmedSignups = await confirmMailedLinks('signups');

  say('1 training session with enrolments…');
  const sessionStart = at(anchor, 10, 17);
  const session = await api.write<{ sessionId: string }>(
    'training-first-aid',
    'POST',
    '/training-sessions',
    {
      initiativeId: youthId,
      title: { en: 'First aid for volunteers', es: 'Primeros auxilios para voluntarios' },
      startsAt: instant(sessionStart),
      endsAt: instant(later(sessionStart, 3)),
      timeZone: options.timeZone,
      capacity: 12,
      location: { name: 'Northgate community centre' },
      skillsGained: ['first aid'],
    },
    'coordinator',
  );
  const enrolled = Array.from({ length: 9 }, (_, n) => 2 + n * 3);
  await api.each(enrolled, (r) =>
    api.write(
      `enrolment-first-aid-resident-${r}`,
      'POST',
      `/training-sessions/${session.sessionId}/enrolments`,
      {
        name: `${firstNames[r % firstNames.length]} R${r}`,
        email: resident(r),
        consentToContact: true,
      },
    ),
  );

  await confirmMailedLinks('enrolments');

  // Partners.
  const organizationPlans = [
    {
      slug: 'riverside-friends',
      name: 'Friends of Riverside Park',
      type: 'resident-association',
      neighbourhoods: ['Riverside'],
      consent: true,
    },
    {
      slug: 'harbour-works',
      name: 'Harbour Works Ltd',
      type: 'business',
      neighbourhoods: ['Harbour', 'Northgate'],
      consent: true,
    },
    {
      slug: 'northgate-college',
      name: 'Northgate College',
      type: 'school',
      neighbourhoods: ['Northgate'],
      consent: false,
    },
  ];
  say(`${organizationPlans.length} organisations (2 in the public directory)…`);
  const organizationIds = await api.each(organizationPlans, async (plan) => {
    const organization = await api.write<{ organizationId: string }>(
      `organization-${plan.slug}`,
      'POST',
      '/organizations',
      {
        name: plan.name,
        type: plan.type,
        neighbourhoods: plan.neighbourhoods,
        contact: { name: 'Partnerships desk', email: `hello@${plan.slug}.example.org` },
        website: `https://${plan.slug}.example.org`,
        description: { en: `${plan.name} works with the city on local projects.` },
        publicDirectoryConsent: plan.consent,
      },
      'coordinator',
    );
    return organization.organizationId;
  });
  const [friendsId, harbourId, collegeId] = organizationIds as [string, string, string];

  say('2 partnerships (one activated) with a money and a staff-hours contribution…');
  const parkPartnership = await api.write<{ partnershipId: string; version: number }>(
    'partnership-riverside-park',
    'POST',
    '/partnerships',
    {
      name: 'Riverside park stewardship',
      description: 'Residents and a local employer look after the renewed park with the city.',
      organizationIds: [friendsId, harbourId],
      initiativeIds: [parkId],
      goals: ['Plant 200 trees by next autumn', 'Monthly clean-up days'],
      roles: [
        { party: friendsId, description: 'Organises volunteers for planting days.' },
        { party: harbourId, description: 'Funds saplings and lends staff.' },
        { party: 'city', description: 'Provides tools, permits and the parks team.' },
      ],
      startDate: calendarDay(at(anchor, -14)),
      endDate: calendarDay(at(anchor, 351)),
    },
    'coordinator',
  );
  await api.write(
    'partnership-riverside-park-activate',
    'PATCH',
    `/partnerships/${parkPartnership.partnershipId}`,
    {
      status: 'active',
      note: 'Agreement signed by both partners.',
      expectedVersion: parkPartnership.version,
    },
    'coordinator',
  );
  await api.write(
    'partnership-riverside-park-money',
    'POST',
    `/partnerships/${parkPartnership.partnershipId}/contributions`,
    {
      kind: 'money',
      organizationId: harbourId,
      amount: { amount: 250_000, currency: options.currency },
      date: calendarDay(at(anchor, -7)),
      note: 'Saplings for the first planting season.',
    },
    'coordinator',
  );
  await api.write(
    'partnership-riverside-park-staff-hours',
    'POST',
    `/partnerships/${parkPartnership.partnershipId}/contributions`,
    {
      kind: 'staffHours',
      organizationId: harbourId,
      hours: 24,
      description: 'Three staff for a planting day.',
      date: calendarDay(at(anchor, -3)),
    },
    'coordinator',
  );
  await api.write(
    'partnership-youth-apprenticeships',
    'POST',
    '/partnerships',
    {
      name: 'Harbour apprenticeships',
      organizationIds: [harbourId, collegeId],
      initiativeIds: [youthId],
      goals: ['Twelve apprenticeships a year'],
    },
    'coordinator',
  );

  // Indicators: one manual with two measurements, one computed.
  say('2 indicators, 2 measurements…');
  const manual = await api.write<{ indicatorId: string }>(
    'indicator-library-visits',
    'POST',
    `/initiatives/${libraryId}/indicators`,
    {
      name: 'Evening library visits per week',
      unit: 'visits',
      baseline: { value: 120, date: calendarDay(at(anchor, -60)) },
      target: { value: 300, date: calendarDay(at(anchor, 300)) },
      direction: 'increase',
      source: 'manual',
    },
    'coordinator',
  );
  for (const [n, measurement] of [
    { value: 145, days: -30 },
    { value: 178, days: -2 },
  ].entries())
    await api.write(
      `indicator-library-visits-measurement-${n + 1}`,
      'POST',
      `/indicators/${manual.indicatorId}/measurements`,
      {
        value: measurement.value,
        measuredAt: instant(at(anchor, measurement.days, 12)),
        note: 'Door counter.',
      },
      'coordinator',
    );
  await api.write(
    'indicator-volunteer-hours',
    'POST',
    `/initiatives/${parkId}/indicators`,
    {
      name: 'Verified volunteer hours',
      unit: 'hours',
      baseline: { value: 0, date: calendarDay(at(anchor, -30)) },
      target: { value: 500, date: calendarDay(at(anchor, 335)) },
      direction: 'increase',
      source: { computed: 'verifiedVolunteerHours' },
    },
    'coordinator',
  );

  // Feedback from residents.
  const feedbackPlan = [
    { about: { kind: 'engagement', id: engagementIds[0] }, rating: 5, comment: 'Easy to take part.' },
    { about: { kind: 'engagement', id: engagementIds[0] }, rating: 4 },
    { about: { kind: 'engagement', id: engagementIds[2] }, rating: 3, comment: 'More languages, please.' },
    { about: { kind: 'shift', id: shifts[0]?.shiftId }, rating: 5, comment: 'Looking forward to it.' },
    {
      about: { kind: 'meeting', id: 'town-hall-riverside' },
      initiativeId: parkId,
      rating: 4,
      comment: 'Good discussion, room too small.',
    },
  ];
  say(`${feedbackPlan.length} feedback ratings…`);
  await api.each(feedbackPlan, (feedback, n) =>
    api.write(`feedback-${n + 1}`, 'POST', '/feedback', feedback),
  );

  // Community assets: suggested by residents, approved by a coordinator.
  const assetPlans = [
    {
      slug: 'riverside-park',
      name: 'Riverside Park',
      category: 'park',
      location: { lat: 51.5079, lon: -0.0877 },
      neighbourhood: 'Riverside',
      openingHours: 'Always open',
    },
    {
      slug: 'central-library',
      name: 'Central Library',
      category: 'library',
      location: { lat: 51.5101, lon: -0.0921 },
      neighbourhood: 'Old Town',
      openingHours: 'Mon–Sat 9–18',
    },
    {
      slug: 'northgate-centre',
      name: 'Northgate Community Centre',
      category: 'community-centre',
      location: { lat: 51.5163, lon: -0.0812 },
      neighbourhood: 'Northgate',
      openingHours: 'Mon–Fri 8–21',
    },
  ];
  say(`${assetPlans.length} community assets, suggested and approved…`);
  for (const { slug, ...plan } of assetPlans) {
    const asset = await api.write<{ assetId: string }>(`asset-${slug}`, 'POST', '/assets', {
      ...plan,
      accessibilityNotes: 'Step-free entrance.',
    });
    await api.write(
      `asset-${slug}-approval`,
      'POST',
      `/assets/${asset.assetId}/approval`,
      { decision: 'approve', reason: 'Checked on site by the community team.' },
      'coordinator',
    );
  }

  say('1 monthly digest subscription…');
  await api.write(
    'digest-subscription-engagement',
    'POST',
    '/digest-subscriptions',
    { email: 'engagement@example.gov', frequency: 'monthly', initiatives: 'all' },
    'admin',
  );

  return {
    anchor: anchor.toISOString(),
    initiatives: initiatives.length,
    engagements: engagementIds.length,
    ideas: ideaIds.length,
    votes: votes.length,
    surveys: 1,
    surveyResponses: responses.length,
    opportunities: opportunityPlans.length,
    shifts: shifts.length,
    signups: { confirmed: confirmedSignups, waitlisted: signupPlan.length - confirmedSignups },
    trainingSessions: 1,
    enrolments: enrolled.length,
    organizations: organizationIds.length,
    partnerships: 2,
    partnerContributions: 2,
    indicators: 2,
    measurements: 2,
    feedback: feedbackPlan.length,
    needs: 1,
    assets: assetPlans.length,
    digestSubscriptions: 1,
  };
}
