import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { staffRoles } from '../../shared/http/route';
import { civicHome, isProcessAlive, readStackState } from './civic-home';
import { localRegion } from './dynamodb-local';
import { findJob, localJobs, parsePeriod } from './jobs';
import { createLocalFunction } from './lambda-runtime';
import { defaultTokenTtlSeconds, isStaffRole, issueStaffToken, parseTtl } from './tokens';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

const defaultIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
};

const roleList = staffRoles.join('|');

const help = {
  main: `Usage: npx civic <command> [options]

Commands:
  token --role <${roleList}> [--ttl <duration>]
        Print a bearer token the local stack accepts as a staff user with that role.
  job <name> --period <YYYY-MM|YYYY-Www|YYYY-Qn>
        Run a scheduled job now against the running local stack, as the schedule would.
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

Runs a scheduled job's function now against the running local stack (start it with \`npm start\`).
Periods: a month (2025-03), an ISO week (2025-W09) or a quarter (2025-Q1).
`,
};

function usageError(io: CliIo, message: string, topic: keyof typeof help): number {
  io.err(`civic: ${message}\n\n${help[topic]}`);
  return 2;
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
  let parsed: { values: { period?: string; help?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      args,
      options: { period: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
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
  const [name, ...extra] = parsed.positionals;
  if (!name) return usageError(io, 'name the job to run.', 'job');
  if (extra.length > 0) return usageError(io, `unexpected argument "${extra[0]}".`, 'job');
  if (!parsed.values.period) return usageError(io, '--period is required.', 'job');
  const period = parsePeriod(parsed.values.period);
  if (!period) {
    return usageError(
      io,
      `"${parsed.values.period}" is not a period; use YYYY-MM, YYYY-Www (ISO week) or YYYY-Qn.`,
      'job',
    );
  }
  const job = findJob(name);
  if (!job) {
    const available = localJobs.length > 0 ? localJobs.map((j) => j.name).join(', ') : 'none yet';
    io.err(`civic: no job named "${name}" in this version; available: ${available}.\n`);
    return 2;
  }
  const home = civicHome(io.env);
  const stack = readStackState(home);
  if (!stack || !isProcessAlive(stack.pid)) {
    io.err(
      `civic: the local stack is not running (no live stack in ${home}). Start it with \`npm start\` first.\n`,
    );
    return 2;
  }
  const functionName = `civic-${job.name}`;
  const fn = createLocalFunction({
    functionName,
    entry: job.entry,
    env: { ...stack.env, AWS_LAMBDA_FUNCTION_NAME: functionName, POWERTOOLS_SERVICE_NAME: job.name },
    region: localRegion,
    timeoutMs: 15 * 60_000,
  });
  try {
    const invocation = await fn.invoke(job.input(period));
    if (!invocation.ok) {
      io.err(`civic: ${job.name} failed: ${invocation.error.errorType}: ${invocation.error.errorMessage}\n`);
      return 1;
    }
    io.out(`${JSON.stringify(invocation.value ?? { ok: true }, null, 2)}\n`);
    return 0;
  } finally {
    await fn.stop();
  }
}

/** Runs one `civic` command; resolves to the process exit code (2 for usage errors). */
export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'token':
      return tokenCommand(rest, io);
    case 'job':
      return jobCommand(rest, io);
    case undefined:
      io.err(help.main);
      return 2;
    case 'help':
    case '--help':
    case '-h': {
      const topic = rest[0];
      if (topic === 'token' || topic === 'job') io.out(help[topic]);
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
