import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import type { Context } from 'aws-lambda';
import type {
  ChunkMessage,
  EnvironmentData,
  InvokeMessage,
  ResultMessage,
  StartedMessage,
} from './lambda-protocol';
import {
  createResponseStream,
  installLambdaStreamingGlobals,
  isStreamingHandler,
} from './response-streaming';

/**
 * Runs inside a worker thread: one Lambda execution environment. The handler module is imported
 * on the first invocation (the cold start), then reused, with its module state, for later ones.
 */
const data = workerData as EnvironmentData;
const port = parentPort;
if (!port) throw new Error('lambda-environment.ts runs only as a worker thread.');

type Handler = (event: unknown, context: Context) => Promise<unknown>;
let handler: Promise<Handler> | undefined;

// The Node.js runtime defines `awslambda` before any handler module loads; streaming handlers need it.
installLambdaStreamingGlobals();

/**
 * Runs the handler once. A streaming handler's chunks go to the main thread as they are written
 * and its result is empty, as `InvokeWithResponseStream` gives no payload besides the stream.
 */
async function invoke(run: Handler, message: InvokeMessage, context: Context): Promise<unknown> {
  if (!isStreamingHandler(run)) return run(message.event, context);
  const responseStream = createResponseStream((chunk) =>
    port?.postMessage({ kind: 'chunk', id: message.id, chunk } satisfies ChunkMessage),
  );
  await run(message.event, responseStream, context);
  return undefined;
}

function loadHandler(): Promise<Handler> {
  handler ??= import(pathToFileURL(resolve(data.root, data.entry)).href).then(
    (module: { handler?: unknown }) => {
      if (typeof module.handler !== 'function')
        throw new Error(`${data.entry} does not export a function named "handler".`);
      return module.handler as Handler;
    },
  );
  return handler;
}

const logStream = () => {
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
};
const stream = logStream();

function contextFor(message: InvokeMessage, deadline: number): Context {
  const { functionName, region, accountId, memoryMb } = data;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${accountId}:function:${functionName}`,
    memoryLimitInMB: String(memoryMb),
    awsRequestId: message.requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: stream,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    // Callback-style completion is not used by Civic's handlers; present because the type has it.
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

port.on('message', async (message: InvokeMessage) => {
  let started = performance.now();
  let reply: ResultMessage;
  try {
    const cold = handler === undefined;
    const run = await loadHandler();
    // Lambda reports and times the invocation apart from the init phase.
    started = performance.now();
    port.postMessage({ kind: 'started', id: message.id, cold } satisfies StartedMessage);
    const value = await invoke(run, message, contextFor(message, Date.now() + message.timeoutMs));
    reply = {
      kind: 'result',
      id: message.id,
      ok: true,
      value,
      durationMs: performance.now() - started,
    };
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    reply = {
      kind: 'result',
      id: message.id,
      ok: false,
      error: {
        errorType: failure.name,
        errorMessage: failure.message,
        trace: (failure.stack ?? '').split('\n'),
      },
      durationMs: performance.now() - started,
    };
  }
  try {
    port.postMessage(reply);
  } catch (error) {
    // The handler returned something that cannot cross the thread boundary (a function, a class
    // instance): Lambda could not serialise it either.
    port.postMessage({
      kind: 'result',
      id: message.id,
      ok: false,
      error: { errorType: 'Runtime.MarshalError', errorMessage: String(error), trace: [] },
      durationMs: performance.now() - started,
    } satisfies ResultMessage);
  }
});
