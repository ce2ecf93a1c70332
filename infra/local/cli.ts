import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { findScheduledJob, type Job, manualInput, type OnceJob } from '../../functions/context';
import { onceJobs, scheduledJobs } from '../../functions/contexts';
import { parsePeriod, periodRange } from '../../shared/domain/period';
import { staffRoles } from '../../shared/http/route';
import { civicHome, civicPaths, isProcessAlive, readStackState } from './civic-home';
import { describeRange, runJobOnStack } from './jobs';
import { SeedStepError, seedDemoTown } from './seed';
import { defaultTokenTtlSeconds, isStaffRole, issueStaffToken, parseTtl } from './tokens';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** The jobs `civic job` knows; the registry (`functions/contexts.ts`) unless a test gives others. */
  jobs?: readonly Job[];
  /**
   * How often a running job reports that it is still running.
   * @default 10_000
   */
  progressEveryMs?: number;
}

const defaultIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
};

const roleList = staffRoles.join('|');

const registeredJobs: readonly Job[] = [...scheduledJobs, ...onceJobs];

function jobList(jobs: readonly Job[]): string {
  if (jobs.length === 0) return '  (none registered yet)';
  return jobs
    .map((job) => {
      if (job.input === 'once')
        return `  ${job.name} (--input <json>)  ${job.description}\n      run by one-time schedules`;
      const takes = job.input === 'period' ? '--period' : '--now';
      const when = job.schedules.map((schedule) => `cron(${schedule.cron})`).join(', ');
      return `  ${job.name} (${takes})  ${job.description}\n      scheduled ${when}`;
    })
    .join('\n');
}

const help = {
  main: `Usage: npx civic <command> [options]

Commands:
  token --role <${roleList}> [--ttl <duration>]
        Print a bearer token the local stack accepts as a staff user with that role.
  job <name> --period <YYYY-MM|YYYY-Www|YYYY-Qn>   (or --now <time> for jobs about the present)
        Run a scheduled job now against the running local stack, as the schedule would.
  digest-preview --period <YYYY-MM|YYYY-Www> [--language <tag>] [--initiatives <id,…>] [--out <file>]
        Render a period's evaluation digest to files for review, without sending it.
  seed
        Fill the running local stack with a demo town through its API (safe to repeat within 24 h).
  help [command]
        Show this help, or a command's.

Environment:
  CIVIC_HOME   where the local stack keeps its data and keys (default: .civic)

Examples:
  npx civic token --role coordinator
  curl -H "Authorization: Bearer $(npx civic token --role admin)" http://localhost:3000/engagements
`,
  token: `Usage: npx civic token --role <${roleList}> [--ttl <duration>]

Prints a token shaped like a Cognito ID token (sub, cognito:groups, token_use=id), signed with this
machine's local key in $CIVIC_HOME. The local gateway accepts it on staff routes; the cloud never does.

Options:
  --role <role>      ${staffRoles.join(', ')} (required)
  --ttl <duration>   lifetime: seconds, or 30m, 12h, 7d (default: 12h)
`,
  job: `Usage: npx civic job <name> --period <YYYY-MM|YYYY-Www|YYYY-Qn>
       npx civic job <name> [--now <ISO 8601 time>]
       npx civic job <name> --input '<json>'   (jobs run by one-time schedules)

Runs a scheduled job's function now against the running local stack (start it with \`npm start\`),
with the input its schedule would deliver. Reporting jobs take a period in the city's time zone:
a month (2025-03), an ISO week (2025-W09) or a quarter (2025-Q1). Jobs about the present (reminders)
run for now, or for --now. Jobs run by one-time schedules take the payload a schedule would carry,
as --input. Progress goes to stderr, the job's result (JSON) to stdout.

Jobs:
${jobList(registeredJobs)}
`,
  'digest-preview': `Usage: npx civic digest-preview --period <YYYY-MM|YYYY-Www|YYYY-Qn> [options]

Renders the evaluation digest of a period as a subscriber would receive it, from the summaries the
impact-summary job stored (run \`npx civic job impact-summary --period …\` first), and writes the
HTML part to --out and the text part beside it (.txt). Nothing is sent. Needs the running local stack.

Options:
  --period <period>        the period (required)
  --language <tag>         the digest's language (default: en)
  --initiatives <id,…>     only these initiatives (default: all)
  --out <file>             where the HTML goes (default: digest-<period>.html)
`,
  seed: `Usage: npx civic seed

Fills the running local stack (start it with \`npm start\`) with a realistic demo town, through its
public HTTP API with local staff tokens, as a city's own scripts would: 3 initiatives, each with an
open engagement, ideas and residents' votes; a published English/Spanish survey with 60 responses;
a needs entry; 2 volunteer opportunities with shifts in the coming weeks and sign-ups; a training
session with enrolments; 3 organisations, 2 partnerships and their contributions; 2 indicators;
feedback; 3 approved community assets; a monthly digest subscription for engagement@example.gov.

The content is always the same (a seeded generator, no chance). Residents confirm what they asked
for by following the links the stack mailed them (its outbox), so votes and seats count.
Every write sends \`Idempotency-Key: civic-seed-<step>\`, so running it again
within the idempotency window (24 h) adds nothing. Progress goes to stderr, a summary to stdout. Residents' writes come
from loopback addresses of their own (127.0.0.2 onwards), so the stack's per-address rate limits
see a town, not one script; where the machine has only 127.0.0.1, a write over a limit (429) is
sent again after its \`Retry-After\` (\`RATE_LIMITS\` on \`npm start\` raises them, README). Exits
1 at the first step the stack refuses otherwise, naming the step and the problem it answered.
`,
};

function usageError(io: CliIo, message: string, topic: keyof typeof help): number {
  io.err(`civic: ${message}\n\n${help[topic]}`);
  return 2;
}

/** The running local stack of `home`; undefined, after saying how to start one, when there is none. */
function liveStack(home: string, io: CliIo) {
  const stack = readStackState(home);
  if (stack && isProcessAlive(stack.pid)) return stack;
  io.err(
    `civic: the local stack is not running (no live stack in ${home}). Start it with \`npm start\` first.\n`,
  );
  return undefined;
}

async function tokenCommand(args: string[], io: CliIo): Promise<number> {
  let values: { role?: string; ttl?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: { role: { type: 'string' }, ttl: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (error) {
    return usageError(io, (error as Error).message, 'token');
  }
  if (values.help) {
    io.out(help.token);
    return 0;
  }
  if (!values.role) return usageError(io, `--role is required (one of ${staffRoles.join(', ')}).`, 'token');
  if (!isStaffRole(values.role))
    return usageError(io, `unknown role "${values.role}"; use one of ${staffRoles.join(', ')}.`, 'token');
  let ttlSeconds = defaultTokenTtlSeconds;
  if (values.ttl !== undefined) {
    try {
      ttlSeconds = parseTtl(values.ttl);
    } catch (error) {
      return usageError(io, (error as Error).message, 'token');
    }
  }
  // Only the token goes to stdout, so `$(npx civic token --role admin)` works in scripts.
  io.out(`${await issueStaffToken({ home: civicHome(io.env), role: values.role, ttlSeconds })}\n`);
  return 0;
}

async function jobCommand(args: string[], io: CliIo): Promise<number> {
  let parsed: {
    values: { period?: string; now?: string; input?: string; help?: boolean };
    positionals: string[];
  };
  try {
    parsed = parseArgs({
      args,
      options: {
        period: { type: 'string' },
        now: { type: 'string' },
        input: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return usageError(io, (error as Error).message, 'job');
  }
  if (parsed.values.help) {
    io.out(help.job);
    return 0;
  }
  const jobs = io.jobs ?? registeredJobs;
  const [name, ...extra] = parsed.positionals;
  if (!name) return usageError(io, 'name the job to run.', 'job');
  if (extra.length > 0) return usageError(io, `unexpected argument "${extra[0]}".`, 'job');
  const job = findScheduledJob(name, jobs);
  if (job?.input === 'once') return onceJobCommand(job, parsed.values, io);
  if (parsed.values.input !== undefined)
    return usageError(io, '--input is for jobs run by one-time schedules; this one is not.', 'job');

  let now = new Date();
  if (job?.input === 'instant') {
    if (parsed.values.period !== undefined)
      return usageError(
        io,
        `${job.name} runs for a moment, not a period; use --now <time> or nothing.`,
        'job',
      );
    if (parsed.values.now !== undefined) {
      now = new Date(parsed.values.now);
      if (!/^\d{4}-\d{2}-\d{2}T/.test(parsed.values.now) || Number.isNaN(now.getTime()))
        return usageError(
          io,
          `"${parsed.values.now}" is not an ISO 8601 time such as 2025-03-01T09:00:00+01:00.`,
          'job',
        );
    }
  } else if (parsed.values.now !== undefined) {
    return usageError(io, '--now is for jobs about the present; this one takes --period.', 'job');
  }
  const period = parsed.values.period === undefined ? undefined : parsePeriod(parsed.values.period);
  if (job?.input !== 'instant') {
    if (!parsed.values.period) return usageError(io, '--period is required.', 'job');
    if (!period) {
      return usageError(
        io,
        `"${parsed.values.period}" is not a period; use YYYY-MM, YYYY-Www (ISO week) or YYYY-Qn.`,
        'job',
      );
    }
  }
  if (!job) {
    const available = jobs.length > 0 ? jobs.map((j) => j.name).join(', ') : 'none yet';
    io.err(`civic: no job named "${name}" in this version; available: ${available}.\n`);
    return 2;
  }
  const home = civicHome(io.env);
  const stack = liveStack(home, io);
  if (!stack) return 2;

  const timeZone = stack.env.TIME_ZONE ?? 'UTC';
  const input = manualInput(job, { ...(period ? { period } : {}), now });
  io.err(
    period
      ? `civic: running ${job.name} for ${period.label} (${describeRange(periodRange(period, timeZone), timeZone)})…\n`
      : `civic: running ${job.name} for ${now.toISOString()}…\n`,
  );
  const invocation = await runJobOnStack({
    job,
    input,
    stack,
    home,
    progress: (line) => io.err(`civic: ${line}\n`),
    ...(io.progressEveryMs ? { progressEveryMs: io.progressEveryMs } : {}),
  });
  if (!invocation.ok) {
    io.err(`civic: ${job.name} failed: ${invocation.error.errorType}: ${invocation.error.errorMessage}\n`);
    return 1;
  }
  io.err(`civic: ${job.name} finished in ${(invocation.durationMs / 1000).toFixed(1)} s.\n`);
  io.out(`${JSON.stringify(invocation.value ?? { ok: true }, null, 2)}\n`);
  return 0;
}

/** `civic job <once-job> --input '<json>'`: what a one-time schedule made with that payload would run. */
async function onceJobCommand(
  job: OnceJob,
  values: { period?: string; now?: string; input?: string },
  io: CliIo,
): Promise<number> {
  if (values.period !== undefined || values.now !== undefined)
    return usageError(io, `${job.name} takes the payload of its schedule: --input '<json>'.`, 'job');
  if (values.input === undefined) return usageError(io, '--input is required.', 'job');
  let payload: unknown;
  try {
    payload = JSON.parse(values.input);
  } catch {
    return usageError(io, `--input is not JSON: ${values.input}`, 'job');
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    return usageError(io, '--input must be a JSON object, as a schedule’s payload is.', 'job');
  const home = civicHome(io.env);
  const stack = liveStack(home, io);
  if (!stack) return 2;
  io.err(`civic: running ${job.name}…\n`);
  const invocation = await runJobOnStack({
    job,
    input: payload as Record<string, unknown>,
    stack,
    home,
    progress: (line) => io.err(`civic: ${line}\n`),
    ...(io.progressEveryMs ? { progressEveryMs: io.progressEveryMs } : {}),
  });
  if (!invocation.ok) {
    io.err(`civic: ${job.name} failed: ${invocation.error.errorType}: ${invocation.error.errorMessage}\n`);
    return 1;
  }
  io.err(`civic: ${job.name} finished in ${(invocation.durationMs / 1000).toFixed(1)} s.\n`);
  io.out(`${JSON.stringify(invocation.value ?? { ok: true }, null, 2)}\n`);
  return 0;
}

async function digestPreviewCommand(args: string[], io: CliIo): Promise<number> {
  let values: { period?: string; language?: string; initiatives?: string; out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        period: { type: 'string' },
        language: { type: 'string' },
        initiatives: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    return usageError(io, (error as Error).message, 'digest-preview');
  }
  if (values.help) {
    io.out(help['digest-preview']);
    return 0;
  }
  if (!values.period) return usageError(io, '--period is required.', 'digest-preview');
  if (!parsePeriod(values.period))
    return usageError(
      io,
      `"${values.period}" is not a period; use YYYY-MM, YYYY-Www (ISO week) or YYYY-Qn.`,
      'digest-preview',
    );
  const home = civicHome(io.env);
  const stack = liveStack(home, io);
  if (!stack) return 2;
  // Through the local API, as an admin would ask for it: the same route the cloud serves.
  const query = new URLSearchParams({
    period: values.period,
    ...(values.language ? { language: values.language } : {}),
    ...(values.initiatives ? { initiatives: values.initiatives } : {}),
  });
  const token = await issueStaffToken({ home, role: 'admin', ttlSeconds: 300 });
  const answer = await fetch(`${stack.url}/digests/preview?${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await answer.json()) as {
    html?: string;
    text?: string;
    subject?: string;
    detail?: string;
    errors?: { path: string; message: string }[];
  };
  if (!answer.ok) {
    const fields = (body.errors ?? []).map((error) => `\n  ${error.path}: ${error.message}`).join('');
    io.err(`civic: ${answer.status} ${body.detail ?? ''}${fields}\n`);
    return answer.status === 404 ? 1 : 2;
  }
  const htmlFile = resolve(values.out ?? `digest-${values.period}.html`);
  const textFile = `${htmlFile.replace(/\.html?$/i, '')}.txt`;
  await writeFile(htmlFile, body.html ?? '');
  await writeFile(textFile, body.text ?? '');
  io.err(`civic: "${body.subject}"\n`);
  io.out(`${htmlFile}\n${textFile}\n`);
  return 0;
}

async function seedCommand(args: string[], io: CliIo): Promise<number> {
  let values: { help?: boolean };
  try {
    ({ values } = parseArgs({ args, options: { help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (error) {
    return usageError(io, (error as Error).message, 'seed');
  }
  if (values.help) {
    io.out(help.seed);
    return 0;
  }
  const home = civicHome(io.env);
  const stack = liveStack(home, io);
  if (!stack) return 2;
  const ttlSeconds = 3600;
  const tokens = {
    coordinator: await issueStaffToken({ home, role: 'coordinator', ttlSeconds }),
    admin: await issueStaffToken({ home, role: 'admin', ttlSeconds }),
  };
  io.err(`civic: seed: filling ${stack.url} with the demo town…\n`);
  let summary: Awaited<ReturnType<typeof seedDemoTown>>;
  try {
    summary = await seedDemoTown({
      url: stack.url,
      tokens,
      currency: stack.env.CITY_CURRENCY ?? 'EUR',
      timeZone: stack.env.TIME_ZONE ?? 'UTC',
      progress: (line) => io.err(`civic: seed: ${line}\n`),
      outbox: civicPaths(home).outbox,
    });
  } catch (error) {
    if (!(error instanceof SeedStepError)) throw error;
    io.err(`civic: seed: ${error.message}\n`);
    return 1;
  }
  const period = new Date().toISOString().slice(0, 7);
  io.out(
    [
      `Demo town ready at ${stack.url} (dates counted from ${summary.anchor}):`,
      `  ${summary.initiatives} initiatives, ${summary.engagements} engagements, ${summary.ideas} ideas, ${summary.votes} votes`,
      `  ${summary.surveys} survey with ${summary.surveyResponses} responses, ${summary.needs} need`,
      `  ${summary.opportunities} opportunities, ${summary.shifts} shifts, ${summary.signups.confirmed} confirmed and ${summary.signups.waitlisted} waitlisted sign-ups`,
      `  ${summary.trainingSessions} training session with ${summary.enrolments} enrolments`,
      `  ${summary.organizations} organisations, ${summary.partnerships} partnerships, ${summary.partnerContributions} partner contributions`,
      `  ${summary.indicators} indicators, ${summary.measurements} measurements, ${summary.feedback} feedback ratings`,
      `  ${summary.assets} community assets, ${summary.digestSubscriptions} digest subscription`,
      '',
      'Next, try:',
      `  npx civic job impact-summary --period ${period}`,
      `  npx civic digest-preview --period ${period}`,
      `  curl ${stack.url}/initiatives`,
      '',
    ].join('\n'),
  );
  return 0;
}

/** Runs one `civic` command; resolves to the process exit code (2 for usage errors). */
export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'token':
      return tokenCommand(rest, io);
    case 'job':
      return jobCommand(rest, io);
    case 'digest-preview':
      return digestPreviewCommand(rest, io);
    case 'seed':
      return seedCommand(rest, io);
    case undefined:
      io.err(help.main);
      return 2;
    case 'help':
    case '--help':
    case '-h': {
      const topic = rest[0];
      if (topic === 'token' || topic === 'job' || topic === 'digest-preview' || topic === 'seed')
        io.out(help[topic]);
      else io.out(help.main);
      return 0;
    }
    default:
      return usageError(io, `unknown command "${command}".`, 'main');
  }
}

// `npm run civic -- …` runs this file directly; `npx civic` goes through bin/civic.js.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
