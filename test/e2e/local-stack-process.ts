import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

/** `npm start` as a person runs it: a real child process, in its own process group like a terminal job. */
export interface StartedProcess {
  child: ChildProcess;
  output: () => string;
  /** npm's own exit: its code, or the signal that ended it. */
  exited: Promise<number | NodeJS.Signals | null>;
  /** Resolves once stdout and stderr are closed: every process that held them (tsx, node) has ended. */
  outputClosed: Promise<void>;
}

/**
 * The environment a person's shell would give a command: this test process's, without what the
 * test setup sets for functions called in process (`test/support/table-per-file.ts`), which the
 * local stack must work out for itself (its outbox, sender and public URL).
 */
function shellEnvironment(env: Record<string, string>): NodeJS.ProcessEnv {
  const {
    MAIL_OUTBOX_DIR: _outbox,
    MAIL_FROM: _from,
    PUBLIC_API_BASE_URL: _publicUrl,
    ...shell
  } = process.env;
  return { ...shell, ...env };
}

export function npmStart(args: string[], env: Record<string, string>): StartedProcess {
  return startProcess('npm', ['start', '--', ...args], env);
}

/** The stack's own entry point without npm in between (what `npm start` runs), as a service manager would run it. */
export function nodeStart(args: string[], env: Record<string, string>): StartedProcess {
  return startProcess(process.execPath, ['--import', 'tsx', 'infra/local/start.ts', ...args], env);
}

function startProcess(command: string, args: string[], env: Record<string, string>): StartedProcess {
  let output = '';
  const child = spawn(command, args, {
    cwd: repositoryRoot,
    env: shellEnvironment(env),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  const outputClosed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return { child, output: () => output, exited, outputClosed };
}

/** Sends a signal to the whole process group, as Ctrl-C in a terminal does. */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** PIDs of DynamoDB Local Java processes listening on `port` (read from /proc, no shell tools needed). */
export function dynamoDbLocalPids(port: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    const portIndex = args.indexOf('-port');
    if (args.some((arg) => arg.includes('DynamoDBLocal.jar')) && args[portIndex + 1] === String(port))
      pids.push(Number(entry));
  }
  return pids;
}

/** Whether any process of the group led by `child` is still alive. */
export function groupAlive(child: ChildProcess): boolean {
  if (child.pid === undefined) return false;
  try {
    process.kill(-child.pid, 0);
    return true;
  } catch {
    return false;
  }
}

const run = promisify(execFile);

/** `npx civic …` as a person types it; resolves to its stdout. */
export async function civic(args: string[], env: Record<string, string>): Promise<string> {
  const { stdout } = await run('npx', ['civic', ...args], {
    cwd: repositoryRoot,
    env: shellEnvironment(env),
  });
  return stdout;
}
