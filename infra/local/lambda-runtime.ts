import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EnvironmentData, EnvironmentMessage, InvokeMessage, LambdaError } from './lambda-protocol';
import { localApi } from './proxy-event';

/** The repository root: handler `entry` paths are relative to it, as they are for CDK. */
export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface LocalFunctionOptions {
  /** The deployed name, `civic-<context>`. */
  functionName: string;
  /** Handler module relative to the repository root, exporting `handler`. */
  entry: string;
  /** The function's whole environment, as CDK would configure it. */
  env: Record<string, string | undefined>;
  region: string;
  timeoutMs?: number;
  memoryMb?: number;
}

export type Invocation =
  | { ok: true; value: unknown; requestId: string; durationMs: number; initDurationMs?: number }
  | { ok: false; error: LambdaError; requestId: string; durationMs: number; initDurationMs?: number };

export interface LocalFunction {
  readonly functionName: string;
  /**
   * Runs the handler on `event`. A streaming handler's bytes go to `onChunk` as it writes them;
   * the invocation resolves when it has finished (or failed, possibly after some chunks).
   */
  invoke(event: unknown, options?: { onChunk?: (chunk: Uint8Array) => void }): Promise<Invocation>;
  /** Ends the execution environment (the next invocation starts cold). */
  stop(): Promise<void>;
}

interface Pending {
  resolve: (invocation: Invocation) => void;
  requestId: string;
  started: number;
  timer: NodeJS.Timeout;
  worker: Worker;
  onChunk: ((chunk: Uint8Array) => void) | undefined;
  /** From the request to the handler's start, on a cold start: thread, runtime and module init. */
  initDurationMs?: number;
}

/**
 * One Lambda function on this machine: an isolated execution environment (a worker thread with
 * its own module state and its own `process.env`), created on first use, reused while warm,
 * discarded after a timeout or crash — the lifecycle Lambda gives each function. Isolation is why
 * `POWERTOOLS_SERVICE_NAME` and every other variable can differ per function, as in the cloud.
 */
export function createLocalFunction(options: LocalFunctionOptions): LocalFunction {
  const timeoutMs = options.timeoutMs ?? 30_000;
  // Lambda allows 10 s of init; here TypeScript is compiled on first import, which a busy
  // two-core machine can make slower than a bundled cold start.
  const initTimeoutMs = Math.max(30_000, timeoutMs);
  const memoryMb = options.memoryMb ?? 1024;
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  /** Ends the invocations still waiting on `environment` (all of them when it is undefined). */
  const failAll = (errorType: string, errorMessage: string, environment?: Worker) => {
    for (const [id, call] of pending) {
      if (environment && call.worker !== environment) continue;
      clearTimeout(call.timer);
      pending.delete(id);
      call.resolve({
        ok: false,
        error: { errorType, errorMessage, trace: [] },
        requestId: call.requestId,
        durationMs: performance.now() - call.started,
      });
    }
  };

  const discard = async (current: Worker) => {
    if (worker === current) worker = undefined;
    await current.terminate();
  };

  /** Ends invocation `id` with a timeout after `ms`, and throws its environment away. */
  const timeOut = (id: number, ms: number, errorMessage: string) =>
    setTimeout(() => {
      const call = pending.get(id);
      if (!call) return;
      pending.delete(id);
      call.resolve({
        ok: false,
        error: { errorType: 'Sandbox.Timedout', errorMessage, trace: [] },
        requestId: call.requestId,
        durationMs: performance.now() - call.started,
      });
      // A timed-out environment is not reused: its module state may be half-way through work.
      void discard(call.worker);
    }, ms);

  const start = (): Worker => {
    const env = Object.fromEntries(
      Object.entries(options.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    const data: EnvironmentData = {
      root: repositoryRoot,
      entry: options.entry,
      functionName: options.functionName,
      region: options.region,
      accountId: localApi.accountId,
      memoryMb,
    };
    // execArgv is emptied so the environment does not inherit the parent's loaders or test-runner
    // flags; the bootstrap registers tsx itself.
    const created = new Worker(new URL('./function-worker.mjs', import.meta.url), {
      workerData: data,
      env,
      execArgv: ['--enable-source-maps'],
      resourceLimits: { maxOldGenerationSizeMb: memoryMb },
    });
    created.unref();
    created.on('message', (message: EnvironmentMessage) => {
      const call = pending.get(message.id);
      if (!call) return;
      if (message.kind === 'chunk') return call.onChunk?.(message.chunk);
      clearTimeout(call.timer);
      if (message.kind === 'started') {
        if (message.cold) call.initDurationMs = performance.now() - call.started;
        call.timer = timeOut(
          message.id,
          timeoutMs,
          `Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`,
        );
        return;
      }
      pending.delete(message.id);
      const base = {
        requestId: call.requestId,
        durationMs: message.durationMs,
        initDurationMs: call.initDurationMs,
      };
      call.resolve(
        message.ok
          ? { ok: true, value: message.value, ...base }
          : { ok: false, error: message.error, ...base },
      );
    });
    created.on('error', (error) => {
      // An uncaught exception ends the environment, as it ends a Lambda runtime process.
      if (worker === created) worker = undefined;
      failAll('Runtime.ExitError', `${options.functionName} crashed: ${error.message}`, created);
    });
    created.on('exit', (code) => {
      if (worker === created) worker = undefined;
      failAll('Runtime.ExitError', `${options.functionName} exited with code ${code}.`, created);
    });
    return created;
  };

  return {
    functionName: options.functionName,
    invoke(event, invokeOptions) {
      worker ??= start();
      const current = worker;
      const id = nextId++;
      const requestId = randomUUID();
      const message: InvokeMessage = { id, requestId, timeoutMs, event };
      return new Promise<Invocation>((resolve) => {
        // Until the environment says the handler started, the init phase's own limit applies.
        const timer = timeOut(
          id,
          initTimeoutMs,
          `Init timed out after ${(initTimeoutMs / 1000).toFixed(2)} seconds`,
        );
        pending.set(id, {
          resolve,
          requestId,
          started: performance.now(),
          timer,
          worker: current,
          onChunk: invokeOptions?.onChunk,
        });
        current.postMessage(message);
      });
    },
    async stop() {
      const current = worker;
      worker = undefined;
      if (current) await current.terminate();
      failAll('Runtime.Stopped', `${options.functionName} was stopped.`);
    },
  };
}
