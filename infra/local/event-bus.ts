import { randomUUID } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import type { EventConsumer } from '../../functions/context';
import { matchesPattern } from './event-pattern';
import type { LocalFunction } from './lambda-runtime';

/** The envelope EventBridge wraps around every event it delivers to a target. */
export interface EventEnvelope {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

/** One entry of a PutEvents request, as the AWS JSON 1.1 protocol carries it. */
interface PutEventsEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Resources?: string[];
  /** Epoch seconds. */
  Time?: number;
}

type EntryResult = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

export interface EventBusOptions {
  busName: string;
  region: string;
  accountId: string;
  consumers: readonly EventConsumer[];
  functionFor: (consumer: EventConsumer) => LocalFunction;
  /** Every accepted event is appended here, one JSON envelope per line (the bus archive). */
  archiveFile: string;
  /** Events a consumer still failed after its retries (the DLQ). */
  deadLetterFile: string;
  /** Pauses before each retry of a failed consumer; Lambda's asynchronous invocation retries twice. */
  retryDelaysMs?: readonly number[];
  port?: number;
  log?: (line: string) => void;
}

export interface RunningEventBus {
  /** Set as `AWS_ENDPOINT_URL_EVENTBRIDGE` for the functions that publish. */
  endpoint: string;
  /** Resolves when every delivery started so far (retries included) has finished. */
  idle: () => Promise<void>;
  stop: () => Promise<void>;
}

const JSON_11 = 'application/x-amz-json-1.1';

const isoSeconds = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

function readJson(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      } catch (error) {
        reject(error);
      }
    });
    request.on('error', reject);
  });
}

function reply(response: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': JSON_11,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  response.end(text);
}

/**
 * The local EventBridge bus. It speaks the real PutEvents wire protocol (AWS JSON 1.1,
 * `X-Amz-Target: AWSEvents.PutEvents`), so the outbox publisher's own `EventBridgeClient` talks to
 * it through `AWS_ENDPOINT_URL_EVENTBRIDGE`; it routes each event with the consumers' patterns —
 * the very objects the CDK rules are made of — archives it, and invokes the matching consumers the
 * way Lambda's asynchronous invocation does (retries, then a dead-letter record).
 */
export async function startEventBus(options: EventBusOptions): Promise<RunningEventBus> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const retryDelays = options.retryDelaysMs ?? [1000, 2000];
  const inFlight = new Set<Promise<void>>();
  // Appends are chained so the archive keeps the order events were accepted in.
  let archiveQueue: Promise<void> = mkdir(dirname(options.archiveFile), { recursive: true }).then(
    () => undefined,
  );
  const append = (file: string, value: unknown) => {
    archiveQueue = archiveQueue
      .then(() => appendFile(file, `${JSON.stringify(value)}\n`))
      .catch((error: unknown) => {
        log(`  could not write ${file}: ${String(error)}`);
      });
    return archiveQueue;
  };

  const deliver = async (consumer: EventConsumer, envelope: EventEnvelope) => {
    const fn = options.functionFor(consumer);
    for (let attempt = 0; ; attempt++) {
      const invocation = await fn.invoke(envelope);
      if (invocation.ok) return;
      const delay = retryDelays[attempt];
      if (delay === undefined) {
        log(
          `  ${fn.functionName} failed ${envelope['detail-type']} ${envelope.id} after ${attempt + 1} attempts; dead-lettered`,
        );
        await append(options.deadLetterFile, {
          failedAt: new Date().toISOString(),
          functionName: fn.functionName,
          error: { errorType: invocation.error.errorType, errorMessage: invocation.error.errorMessage },
          event: envelope,
        });
        return;
      }
      log(
        `  ${fn.functionName} failed ${envelope['detail-type']} ${envelope.id} (${invocation.error.errorType}); retrying`,
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  };

  const accept = (entry: PutEventsEntry): EntryResult => {
    if (!entry.Source || !entry.DetailType || entry.Detail === undefined) {
      return {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameters Source, DetailType and Detail are required.',
      };
    }
    const busName = entry.EventBusName ?? 'default';
    if (busName !== options.busName && !busName.endsWith(`:event-bus/${options.busName}`)) {
      return { ErrorCode: 'InvalidArgument', ErrorMessage: `Event bus ${busName} does not exist.` };
    }
    let detail: unknown;
    try {
      detail = JSON.parse(entry.Detail);
    } catch {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    const envelope: EventEnvelope = {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: options.accountId,
      time: isoSeconds(entry.Time === undefined ? new Date() : new Date(entry.Time * 1000)),
      region: options.region,
      resources: entry.Resources ?? [],
      detail: detail as Record<string, unknown>,
    };
    void append(options.archiveFile, envelope);
    log(`event ${envelope['detail-type']} ${envelope.id}`);
    for (const consumer of options.consumers) {
      if (!matchesPattern(consumer.eventPattern, envelope)) continue;
      const delivery = deliver(consumer, envelope).finally(() => inFlight.delete(delivery));
      inFlight.add(delivery);
    }
    return { EventId: envelope.id };
  };

  const server = createServer((request, response) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    if (request.method !== 'POST' || target !== 'AWSEvents.PutEvents') {
      return reply(response, 400, {
        __type: 'UnknownOperationException',
        message: `The local bus implements only AWSEvents.PutEvents, not "${target || request.method}".`,
      });
    }
    readJson(request)
      .then((body) => {
        const entries = (body as { Entries?: PutEventsEntry[] }).Entries;
        if (!Array.isArray(entries) || entries.length === 0 || entries.length > 10) {
          return reply(response, 400, {
            __type: 'ValidationException',
            message: 'Entries must hold 1 to 10 events.',
          });
        }
        const results = entries.map(accept);
        reply(response, 200, {
          Entries: results,
          FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length,
        });
      })
      .catch(() =>
        reply(response, 400, { __type: 'SerializationException', message: 'The request body is not JSON.' }),
      );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const idle = async () => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    await archiveQueue;
  };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    idle,
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await idle();
    },
  };
}
