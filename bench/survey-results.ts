import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { handler as participation } from '../functions/participation/handler';
import { handler } from '../functions/surveys/handler';
import { installLambdaStreamingGlobals } from '../infra/local/response-streaming';
import { newId } from '../shared/domain/ids';
import { call, invokeStreaming, proxyEvent } from '../test/support/api';
import { parkAnswerGenerator, parkQuestions as questions } from '../test/support/survey-fixtures';
import { batchWriteAll } from './batch-write';
import { installCapacityRecorder } from './capacity';
import { median } from './stats';

// This module creates the SDK client on import: load it only once the environment points at DynamoDB Local.

/** `global.gc`, switched on at run time when Node was not started with `--expose-gc`. */
function garbageCollector(): (() => void) | undefined {
  if (typeof globalThis.gc === 'function') return globalThis.gc as () => void;
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

export interface SurveyResultsRow {
  responses: number;
  calls: number;
  medianMs: number;
  maxMs: number;
  rcu: number;
  dynamoDbCalls: string[];
  /** Median of heapUsed after the call minus heapUsed before it (gc'd first); undefined without gc. */
  heapGrowthBytes: number | undefined;
}

/** One CSV export of every response (`GET /surveys/{id}/responses`, `Accept: text/csv`). */
export interface CsvExportRow {
  responses: number;
  totalMs: number;
  firstByteMs: number;
  bytes: number;
  chunks: number;
  rcu: number;
  dynamoDbCalls: string[];
  /**
   * The highest live heap while the export ran (a full GC, then `heapUsed`, at every chunk) minus
   * the live heap before it; undefined without gc.
   */
  peakHeapGrowthBytes: number | undefined;
}

export interface SurveyResultsResult {
  rows: SurveyResultsRow[];
  exports: CsvExportRow[];
  /** How the responses got into the table, for the report. */
  loading: string;
  loadSeconds: number;
}

const concurrency = 16;
const apiBudgetSeconds = 60;
const resultCalls = 5;

/**
 * A published six-question survey, its results read at 1,000 and at 10,000 responses. Responses go
 * through `POST /surveys/{id}/responses` (16 at a time) unless the first 1,000 show that 10,000
 * would take over a minute; the rest are then written with BatchWriteItem in the store's item shape.
 */
export async function measureSurveyResults(
  options: { onProgress?: (message: string) => void } = {},
): Promise<SurveyResultsResult> {
  const progress = options.onProgress ?? (() => {});
  const initiative = await call(participation, {
    method: 'POST',
    path: '/initiatives',
    role: 'coordinator',
    body: { title: { en: 'x' } },
  });
  if (initiative.status !== 201) throw new Error(`initiative: ${initiative.body}`);
  const created = await call(handler, {
    method: 'POST',
    path: '/surveys',
    role: 'coordinator',
    body: { initiativeId: initiative.json.initiativeId, title: { en: 'Park survey' }, questions },
  });
  if (created.status !== 201) throw new Error(`survey: ${created.body}`);
  const surveyId = created.json.surveyId as string;
  const published = await call(handler, {
    method: 'PUT',
    path: `/surveys/${surveyId}`,
    role: 'coordinator',
    body: { title: { en: 'Park survey' }, questions, status: 'published' },
  });
  if (published.status !== 200) throw new Error(`publish: ${published.body}`);
  const version = published.json.publishedVersion as number;

  const nextAnswers = parkAnswerGenerator(7);
  let loaded = 0;
  let loadMs = 0;
  const throughApi = async (count: number) => {
    const startedAt = performance.now();
    let remaining = count;
    const worker = async () => {
      while (remaining > 0) {
        remaining--;
        const answers = nextAnswers();
        const response = await call(handler, {
          method: 'POST',
          path: `/surveys/${surveyId}/responses`,
          body: { answers },
        });
        if (response.status !== 201) throw new Error(`response: ${response.status} ${response.body}`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    loaded += count;
    const ms = performance.now() - startedAt;
    loadMs += ms;
    return ms;
  };
  const directly = async (count: number) => {
    const startedAt = performance.now();
    const items = Array.from({ length: count }, () => {
      const responseId = newId();
      return {
        pk: `SURVEY#${surveyId}`,
        sk: `RESPONSE#${responseId}`,
        type: 'SurveyResponse',
        responseId,
        surveyId,
        version,
        answers: nextAnswers(),
        submittedAt: new Date().toISOString(),
      };
    });
    await batchWriteAll(items, concurrency);
    loaded += count;
    loadMs += performance.now() - startedAt;
  };

  const gc = garbageCollector();
  const recorder = installCapacityRecorder();
  const rows: SurveyResultsRow[] = [];
  const exports: CsvExportRow[] = [];
  // The export function streams its answer, as Lambda's runtime lets it; the runtime's globals first.
  installLambdaStreamingGlobals();
  const { handler: exportHandler } = await import('../functions/surveys/export-handler');
  /**
   * Streams the whole CSV into a byte counter, so nothing but the export itself holds memory:
   * once timed, and once more with a full GC before sampling the live heap at every chunk (which
   * would distort the timing).
   */
  const exportOnce = async (onChunk: () => void) => {
    let bytes = 0;
    let chunks = 0;
    let firstByteMs = 0;
    const { value, usage } = await recorder.record(async () => {
      const t0 = performance.now();
      const prelude = await invokeStreaming(
        exportHandler,
        proxyEvent({
          method: 'GET',
          path: `/surveys/${surveyId}/responses`,
          role: 'analyst',
          headers: { Accept: 'text/csv' },
        }),
        (chunk) => {
          if (chunks === 0) firstByteMs = performance.now() - t0;
          chunks++;
          bytes += chunk.byteLength;
          onChunk();
        },
      );
      return { prelude, ms: performance.now() - t0 };
    });
    if (value.prelude.statusCode !== 200) throw new Error(`export answered ${value.prelude.statusCode}`);
    return { bytes, chunks, firstByteMs, ms: value.ms, usage };
  };
  const measureExport = async () => {
    const timed = await exportOnce(() => undefined);
    let peakHeapGrowthBytes: number | undefined;
    if (gc) {
      gc();
      const heapBefore = process.memoryUsage().heapUsed;
      let peak = heapBefore;
      await exportOnce(() => {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      });
      peakHeapGrowthBytes = peak - heapBefore;
    }
    const row: CsvExportRow = {
      responses: loaded,
      totalMs: timed.ms,
      firstByteMs: timed.firstByteMs,
      bytes: timed.bytes,
      chunks: timed.chunks,
      rcu: timed.usage.rcu,
      dynamoDbCalls: timed.usage.calls,
      peakHeapGrowthBytes,
    };
    exports.push(row);
    progress(
      `CSV of ${loaded.toLocaleString('en')} responses: ${(row.bytes / 1024 ** 2).toFixed(2)} MiB in ${row.totalMs.toFixed(0)} ms (first byte ${row.firstByteMs.toFixed(0)} ms), ${row.rcu} RCU${peakHeapGrowthBytes === undefined ? '' : `, peak live heap +${(peakHeapGrowthBytes / 1024 ** 2).toFixed(1)} MiB`}`,
    );
  };
  const measureResults = async () => {
    const times: number[] = [];
    const growth: number[] = [];
    let last: Awaited<ReturnType<typeof recorder.record>>['usage'] | undefined;
    for (let i = 0; i < resultCalls; i++) {
      gc?.();
      const heapBefore = process.memoryUsage().heapUsed;
      const { value, usage } = await recorder.record(async () => {
        const t0 = performance.now();
        const response = await call(handler, {
          method: 'GET',
          path: `/surveys/${surveyId}/results`,
          role: 'analyst',
        });
        return { response, ms: performance.now() - t0 };
      });
      growth.push(process.memoryUsage().heapUsed - heapBefore);
      if (value.response.status !== 200) throw new Error(`results: ${value.response.body}`);
      if (value.response.json.totalResponses !== loaded)
        throw new Error(`results counted ${value.response.json.totalResponses} of ${loaded} responses`);
      times.push(value.ms);
      last = usage;
    }
    const row: SurveyResultsRow = {
      responses: loaded,
      calls: resultCalls,
      medianMs: median(times),
      maxMs: Math.max(...times),
      rcu: last?.rcu ?? 0,
      dynamoDbCalls: last?.calls ?? [],
      heapGrowthBytes: gc ? median(growth) : undefined,
    };
    rows.push(row);
    progress(
      `${loaded.toLocaleString('en')} responses: median ${row.medianMs.toFixed(1)} ms, max ${row.maxMs.toFixed(1)} ms, ${row.rcu} RCU (${row.dynamoDbCalls.length} DynamoDB calls)${row.heapGrowthBytes === undefined ? '' : `, heap +${(row.heapGrowthBytes / 1024 ** 2).toFixed(1)} MiB`}`,
    );
  };

  let loading: string;
  try {
    const firstMs = await throughApi(1000);
    progress(
      `1,000 responses through the API in ${(firstMs / 1000).toFixed(1)} s (${concurrency} at a time)`,
    );
    await measureResults();
    await measureExport();
    const projected = (firstMs / 1000) * 10;
    if (projected <= apiBudgetSeconds) {
      await throughApi(9000);
      loading = `all 10,000 through \`POST /surveys/{id}/responses\` (${concurrency} at a time, every answer 201)`;
    } else {
      progress(`the API would need ~${projected.toFixed(0)} s for 10,000; writing 9,000 with BatchWriteItem`);
      await directly(9000);
      loading = `the first 1,000 through \`POST /surveys/{id}/responses\` (${concurrency} at a time); the API would have needed ~${projected.toFixed(0)} s for 10,000, so the other 9,000 were written with BatchWriteItem in the item shape of \`addResponse\` in \`functions/surveys/dynamo-store.ts\``;
    }
    progress(`${loaded.toLocaleString('en')} responses loaded in ${(loadMs / 1000).toFixed(1)} s`);
    await measureResults();
    await measureExport();
  } finally {
    recorder.uninstall();
  }
  return { rows, exports, loading, loadSeconds: loadMs / 1000 };
}
