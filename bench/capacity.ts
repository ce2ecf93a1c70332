import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { handler } from '../functions/participation/handler';
import { dynamoDb } from '../shared/db/client';
import type { StaffRole } from '../shared/http/route';
import { call } from '../test/support/api';
import { confirmationLinkIn, lastMailTo } from '../test/support/mail';
import { createWriteModel, writtenItems } from './capacity-model';

// This module creates the SDK client on import: load it only once the environment points at DynamoDB Local.

const readCommands = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const writeCommands = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

/** What one route invocation cost, summed over every DynamoDB call it made. */
export interface CapacityUsage {
  /** Read units as DynamoDB Local reports them (its read accounting follows DynamoDB's). */
  rcu: number;
  /** Write units by DynamoDB's rules (`capacity-model.ts`): what the bill will show. */
  wcu: number;
  /** The part of `wcu` spent keeping the global secondary indexes up to date. */
  indexWcu: number;
  /** Write units as DynamoDB Local reports them, for comparison. */
  reportedWcu: number;
  /** Calls in order, e.g. `GetItem`, `TransactWriteItems[3]`. */
  calls: string[];
  /**
   * Writes refused by their condition. DynamoDB bills them but returns no consumed capacity with
   * the error; the model's figure for them is in `wcu`.
   */
  refusedWrites: number;
  /** Writes the model could not follow; their reported units stand in `wcu` instead. */
  unmodelledWrites: number;
  /** Plain (non-transactional) writes where model and DynamoDB Local disagree: a sign the model is off. */
  modelMismatches: string[];
}

const emptyUsage = (): CapacityUsage => ({
  rcu: 0,
  wcu: 0,
  indexWcu: 0,
  reportedWcu: 0,
  calls: [],
  refusedWrites: 0,
  unmodelledWrites: 0,
  modelMismatches: [],
});

function reportedUnits(capacity: ConsumedCapacity | ConsumedCapacity[] | undefined) {
  let total = 0;
  let index = 0;
  for (const entry of Array.isArray(capacity) ? capacity : capacity ? [capacity] : []) {
    total += entry.CapacityUnits ?? 0;
    index += Object.values(entry.GlobalSecondaryIndexes ?? {}).reduce(
      (sum, i) => sum + (i.CapacityUnits ?? 0),
      0,
    );
  }
  return { total, index };
}

/**
 * Adds a middleware to the application's own DynamoDB client (the document client and the
 * Powertools idempotency layer share its stack), so every call the handler makes asks for
 * `ReturnConsumedCapacity: 'INDEXES'` — the `TOTAL` figure plus its split over table and indexes —
 * and the answer is summed into the usage of the invocation being recorded. Writes are also run
 * through the capacity model, because DynamoDB Local's transaction figures are too low.
 */
export function installCapacityRecorder() {
  const name = 'civicBenchConsumedCapacity';
  const model = createWriteModel();
  let current: CapacityUsage | undefined;
  dynamoDb.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? '').replace(/Command$/, '');
      const input = args.input as Record<string, unknown>;
      const usage = current;
      if (!usage || !(readCommands.has(operation) || writeCommands.has(operation))) return next(args);
      const items = Array.isArray(input.TransactItems) ? `[${input.TransactItems.length}]` : '';
      usage.calls.push(`${operation}${items}`);
      const refs = writeCommands.has(operation) ? writtenItems(operation, input) : undefined;
      const before = refs ? await model.snapshot(refs) : [];
      let result: Awaited<ReturnType<typeof next>>;
      try {
        result = await next({ ...args, input: { ...input, ReturnConsumedCapacity: 'INDEXES' } });
      } catch (error) {
        if (error instanceof Error && error.name === 'ConditionalCheckFailedException' && refs) {
          usage.refusedWrites++;
          usage.wcu += model.refused(before).tableWcu;
        } else if (writeCommands.has(operation)) usage.unmodelledWrites++;
        throw error;
      }
      const reported = reportedUnits(
        (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }).ConsumedCapacity,
      );
      if (readCommands.has(operation)) {
        usage.rcu += reported.total;
        return result;
      }
      usage.reportedWcu += reported.total;
      if (!refs) {
        usage.unmodelledWrites++;
        usage.wcu += reported.total;
        usage.indexWcu += reported.index;
        return result;
      }
      const modelled = await model.succeeded(operation, refs, before);
      usage.wcu += modelled.tableWcu + modelled.indexWcu;
      usage.indexWcu += modelled.indexWcu;
      if (operation !== 'TransactWriteItems' && modelled.tableWcu + modelled.indexWcu !== reported.total) {
        usage.modelMismatches.push(
          `${operation}: model ${modelled.tableWcu + modelled.indexWcu}, DynamoDB Local ${reported.total}`,
        );
      }
      return result;
    },
    { step: 'initialize', name },
  );
  return {
    /** Runs `work` and returns what its DynamoDB calls consumed (calls must not overlap). */
    async record<T>(work: () => Promise<T>): Promise<{ value: T; usage: CapacityUsage }> {
      if (current) throw new Error('Recordings cannot overlap');
      current = emptyUsage();
      try {
        const value = await work();
        return { value, usage: current };
      } finally {
        current = undefined;
      }
    },
    uninstall: () => {
      dynamoDb.middlewareStack.remove(name);
      model.destroy();
    },
  };
}

export interface CapacityResult extends CapacityUsage {
  label: string;
  status: number;
}

const hour = 3600_000;
/** A typical resident's idea: about 40 characters of title and 300 of body. Item size drives the cost. */
const idea = (n: number) => ({
  kind: 'idea',
  title: `A shaded splash pad near the river (${n})`,
  body: 'Children need somewhere cool in summer. A small splash pad with trees around it, next to the playground, would be used every warm day and would not need much water if it recirculates.',
});

/**
 * Every participation route once, in the order a real engagement goes through them, each recorded
 * on its own. Capacity is deterministic for a given item size, so one invocation per route suffices.
 */
export async function measureCapacity(
  options: { onProgress?: (message: string) => void } = {},
): Promise<CapacityResult[]> {
  const recorder = installCapacityRecorder();
  const results: CapacityResult[] = [];
  const measure = async (
    label: string,
    request: {
      method: string;
      path: string;
      body?: unknown;
      query?: Record<string, string>;
      headers?: Record<string, string>;
      role?: StaffRole;
    },
    expected: number,
  ) => {
    const { value: response, usage } = await recorder.record(() => call(handler, request));
    if (response.status !== expected)
      throw new Error(`${label} answered ${response.status}, expected ${expected}: ${response.body}`);
    results.push({ label, status: response.status, ...usage });
    options.onProgress?.(
      `${label}: ${usage.rcu} RCU, ${usage.wcu} WCU (DynamoDB Local reports ${usage.reportedWcu})${usage.modelMismatches.length ? ` — model check: ${usage.modelMismatches.join('; ')}` : ''}`,
    );
    return response;
  };
  try {
    const initiative = await measure(
      'Create initiative',
      {
        method: 'POST',
        path: '/initiatives',
        role: 'coordinator',
        body: { title: { en: 'Riverside park renewal' } },
      },
      201,
    );
    const engagement = await measure(
      'Create engagement',
      {
        method: 'POST',
        path: '/engagements',
        role: 'coordinator',
        body: {
          initiativeId: initiative.json.initiativeId,
          title: { en: 'What should the new park have?' },
          opensAt: new Date(Date.now() - hour).toISOString(),
          closesAt: new Date(Date.now() + 7 * 24 * hour).toISOString(),
        },
      },
      201,
    );
    const engagementId = engagement.json.engagementId as string;
    await measure('Get engagement', { method: 'GET', path: `/engagements/${engagementId}` }, 200);
    const contributions = `/engagements/${engagementId}/contributions`;
    const submitted = await measure(
      'Submit contribution (anonymous)',
      { method: 'POST', path: contributions, body: idea(1) },
      201,
    );
    await measure(
      'Submit contribution (with participant email)',
      {
        method: 'POST',
        path: contributions,
        body: { ...idea(2), participant: { email: 'ada@example.org' } },
      },
      201,
    );
    // Fill the first page, unrecorded, so the list reads a full default page of 25.
    for (let n = 3; n <= 25; n++) {
      const response = await call(handler, { method: 'POST', path: contributions, body: idea(n) });
      if (response.status !== 201) throw new Error(`Seeding contribution ${n}: ${response.body}`);
    }
    const list = await measure('List contributions (25 items)', { method: 'GET', path: contributions }, 200);
    if (list.json.items.length !== 25)
      throw new Error(`Expected 25 contributions, listed ${list.json.items.length}`);

    const votes = `/contributions/${submitted.json.contributionId}/votes`;
    await measure(
      'Cast vote (email assurance: stored pending, link mailed)',
      { method: 'POST', path: votes, body: { participant: { email: 'bea@example.org' } } },
      202,
    );
    const link = confirmationLinkIn(await lastMailTo('bea@example.org'));
    await measure(
      'Open the confirmation link (GET: changes nothing)',
      { method: 'GET', path: link.path, query: { token: link.token } },
      200,
    );
    const confirmation = { method: 'POST', path: link.path, body: { token: link.token } };
    await measure('Confirm vote (counts it)', confirmation, 200);
    await measure('Confirm vote again (already confirmed: same answer)', confirmation, 200);
    await measure(
      'Cast vote again, already counted (no write; mail says so)',
      { method: 'POST', path: votes, body: { participant: { email: 'BEA@example.org' } } },
      202,
    );
    const keyed = {
      method: 'POST',
      path: votes,
      body: { participant: { email: 'cy@example.org' } },
      headers: { 'Idempotency-Key': 'bench-vote-0001' },
    };
    await measure('Cast vote + Idempotency-Key', keyed, 202);
    await measure('Cast vote + Idempotency-Key, retried (replay)', keyed, 202);
    await measure(
      'Moderate (hide)',
      {
        method: 'POST',
        path: `/contributions/${submitted.json.contributionId}/moderation`,
        role: 'coordinator',
        body: { action: 'hide', reason: 'Duplicate of an earlier idea' },
      },
      200,
    );
  } finally {
    recorder.uninstall();
  }
  return results;
}
