import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * `$CIVIC_HOME` (default `.civic/` in the working directory): everything the local stack keeps
 * between runs — the database, the signing key for staff tokens, the participant hash key, the
 * event archive and the mail outbox.
 */
export function civicHome(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.CIVIC_HOME?.trim() || '.civic');
}

export const civicPaths = (home: string) => ({
  home,
  dynamoDb: join(home, 'dynamodb'),
  outbox: join(home, 'outbox'),
  /** Residents' privacy exports, where the cloud keeps them in an S3 bucket. */
  exports: join(home, 'exports'),
  eventArchive: join(home, 'events.ndjson'),
  deadLetters: join(home, 'dead-letters.ndjson'),
  streamCheckpoint: join(home, 'stream-checkpoint.json'),
  /** The one-time schedules waiting to fire (the cloud's one-time schedule group). */
  oneTimeSchedules: join(home, 'one-time-schedules.json'),
  // The RSA key that signs local staff tokens; the older HS256 secret (`token-signing-key`) is
  // not read, so tokens minted with it are refused.
  signingKey: join(home, 'staff-token-key.pem'),
  participantHashKey: join(home, 'participant-hash-key'),
  /** The OpenAPI document the local platform function serves, generated at every start. */
  openApiDocument: join(home, 'openapi.json'),
  /** Written while a stack runs, so `civic job` can find it. */
  stackState: join(home, 'stack.json'),
});

/**
 * Reads a secret file, or creates it once with `create()`; the file is readable by its owner only
 * (mode 600), since anyone who reads it can mint staff tokens or re-identify participants.
 */
export function readOrCreateSecret(file: string, create: () => string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  const value = create();
  try {
    // `wx` fails when another process created the file meanwhile; then that one wins.
    writeFileSync(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw error;
  }
  chmodSync(file, 0o600);
  return value;
}

/** The HMAC key for participant hashes on this machine: 64 hex characters, made once. */
export function participantHashKey(home: string): string {
  return readOrCreateSecret(civicPaths(home).participantHashKey, () => randomBytes(32).toString('hex'));
}

/** What `civic job` needs to run a function against a stack started by another process. */
export interface StackState {
  pid: number;
  url: string;
  dynamoDbEndpoint: string;
  eventBusEndpoint: string;
  tableName: string;
  /** The environment every function of that stack runs with. */
  env: Record<string, string>;
}

export function readStackState(home: string): StackState | undefined {
  try {
    return JSON.parse(readFileSync(civicPaths(home).stackState, 'utf8')) as StackState;
  } catch {
    return undefined;
  }
}

/** Whether a process with this id exists (on this machine, as `stack.json` records). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
