import { handler } from '../functions/petitions/handler';
import { resetRuntimeConfig } from '../shared/config/runtime';
import { call } from '../test/support/api';
import {
  aDraft,
  aResident,
  pendingSignatureLinks,
  publishedPetition,
  usePetitionSettings,
} from '../test/support/petition-fixtures';
import { type CapacityResult, installCapacityRecorder } from './capacity';
import { countingCalls } from './volunteering';

// This module creates the SDK client on import: load it only once the environment points at DynamoDB Local.

/** One crowd confirming its signatures on one petition at the same moment. */
export interface ConfirmationRun {
  confirmations: number;
  shards: number;
  seconds: number;
  perSecond: number;
  /** Confirmations answered other than 200 (none expected: contention is retried). */
  failed: number;
  /** Whether the petition's total afterwards is exactly what was confirmed. */
  exact: boolean;
  /** `TransactWriteItems` cancelled (by contention, then retried). */
  cancelledTransactions: number;
}

export interface PetitionsBenchResult {
  capacity: CapacityResult[];
  confirmations: ConfirmationRun[];
}

/**
 * Capacity per petition route, then confirmations per second on one petition when a crowd
 * confirms at once, with the counter sharded K ways (the default 10) and, for comparison, not at all.
 */
export async function measurePetitions(
  options: {
    onProgress?: (message: string) => void;
    runs?: readonly { confirmations: number; shards: number }[];
  } = {},
): Promise<PetitionsBenchResult> {
  const progress = options.onProgress ?? (() => {});
  const runs = options.runs ?? [
    { confirmations: 100, shards: 10 },
    { confirmations: 300, shards: 10 },
    { confirmations: 300, shards: 1 },
  ];
  usePetitionSettings({
    types: { city: { response: { signatures: 100_000 }, debate: { signatures: 200_000 } } },
  });
  const recorder = installCapacityRecorder();
  const capacity: CapacityResult[] = [];
  const measure = async (
    label: string,
    request: {
      method: string;
      path: string;
      body?: unknown;
      query?: Record<string, string>;
      role?: 'coordinator';
    },
    expected: number,
  ) => {
    const { value: response, usage } = await recorder.record(() => call(handler, request));
    if (response.status !== expected)
      throw new Error(`${label} answered ${response.status}, expected ${expected}: ${response.body}`);
    capacity.push({ label, status: response.status, ...usage });
    progress(`${label}: ${usage.rcu} RCU, ${usage.wcu} WCU`);
    return response;
  };

  const confirmations: ConfirmationRun[] = [];
  try {
    await measure('Draft a petition', { method: 'POST', path: '/petitions', body: aDraft() }, 202);
    const { petitionId } = await publishedPetition();
    await measure(
      'Sign a petition (pending until confirmed)',
      { method: 'POST', path: `/petitions/${petitionId}/signatures`, body: aResident() },
      202,
    );
    const [link] = await pendingSignatureLinks(petitionId, 1);
    if (!link) throw new Error('No confirmation link');
    await measure(
      'Confirm a signature (counted)',
      { method: 'POST', path: link.path, body: { token: link.token } },
      200,
    );
    await measure(
      'Read a petition with its counts',
      { method: 'GET', path: `/petitions/${petitionId}` },
      200,
    );
    await measure('List published petitions (25)', { method: 'GET', path: '/petitions' }, 200);
  } finally {
    recorder.uninstall();
  }

  for (const run of runs) {
    usePetitionSettings({
      counterShards: run.shards,
      types: { city: { response: { signatures: 100_000 }, debate: { signatures: 200_000 } } },
    });
    const { petitionId } = await publishedPetition();
    progress(
      `${run.confirmations} pending signatures on one petition (${run.shards} shard${run.shards === 1 ? '' : 's'})…`,
    );
    const links = await pendingSignatureLinks(petitionId, run.confirmations);
    const started = performance.now();
    const { value: answers, refused } = await countingCalls(() =>
      Promise.all(
        links.map((link) => call(handler, { method: 'POST', path: link.path, body: { token: link.token } })),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    const total = (await call(handler, { method: 'GET', path: `/petitions/${petitionId}` })).json.signatures
      .total;
    const result = {
      ...run,
      seconds,
      perSecond: run.confirmations / seconds,
      failed: answers.filter((answer) => answer.status !== 200).length,
      // The creator and two sponsors count too.
      exact: total === run.confirmations + 3,
      cancelledTransactions: refused,
    };
    confirmations.push(result);
    progress(
      `${run.confirmations} at once, ${run.shards} shard(s): ${seconds.toFixed(1)} s, ${result.perSecond.toFixed(0)}/s, ${result.failed} failed, ${refused} transactions cancelled, exact: ${result.exact}`,
    );
  }
  delete process.env.PETITIONS;
  resetRuntimeConfig();
  return { capacity, confirmations };
}
