import { handler as participation } from '../functions/participation/handler';
import { handler } from '../functions/volunteering/handler';
import { dynamoDb } from '../shared/db/client';
import type { StaffRole } from '../shared/http/route';
import { call } from '../test/support/api';
import { confirmationLinkIn, lastMailTo } from '../test/support/mail';
import { type CapacityResult, installCapacityRecorder } from './capacity';

// This module creates the SDK client on import: load it only once the environment points at DynamoDB Local.

export interface ContentionRun {
  signups: number;
  seats: number;
  confirmed: number;
  waitlisted: number;
  /** Answers other than 202 (409 `busy` when a request runs out of retry time). */
  failed: number;
  seconds: number;
  /** DynamoDB calls made during the run, by operation. */
  calls: Record<string, number>;
  /** `TransactWriteItems` refused because another claim committed first. */
  refusedTransactions: number;
}

export interface VolunteeringBenchResult {
  capacity: CapacityResult[];
  contention: ContentionRun[];
}

const hour = 3_600_000;
const at = (hoursAhead: number) => new Date(Date.now() + hoursAhead * hour).toISOString();
const person = (n: number | string) => ({
  name: `Bench volunteer ${n}`,
  email: `bench-volunteer-${n}@example.org`,
  phone: '+32 470 00 00 00',
  skills: ['first aid', 'gardening'],
  consentToContact: true,
});

async function expectStatus(
  label: string,
  answer: Promise<Awaited<ReturnType<typeof call>>>,
  status: number,
) {
  const response = await answer;
  if (response.status !== status)
    throw new Error(`${label} answered ${response.status}, expected ${status}: ${response.body}`);
  return response;
}

/** Counts the DynamoDB calls (and refused transactions) the application makes while `work` runs. */
export async function countingCalls<T>(work: () => Promise<T>) {
  const name = 'civicBenchCallCounter';
  const calls: Record<string, number> = {};
  let refused = 0;
  dynamoDb.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? '').replace(/Command$/, '');
      calls[operation] = (calls[operation] ?? 0) + 1;
      try {
        return await next(args);
      } catch (error) {
        if (error instanceof Error && error.name === 'TransactionCanceledException') refused++;
        throw error;
      }
    },
    { step: 'initialize', name },
  );
  try {
    return { value: await work(), calls, refused };
  } finally {
    dynamoDb.middlewareStack.remove(name);
  }
}

/**
 * Capacity units per volunteering write (sign-up confirmed or waitlisted, cancellation with and
 * without a promotion, attendance), then sign-up throughput on one shift when everyone comes at
 * once: `signups` parallel sign-ups for a shift of `seats`.
 */
export async function measureVolunteering(
  options: { onProgress?: (message: string) => void; crowds?: readonly number[] } = {},
): Promise<VolunteeringBenchResult> {
  const progress = options.onProgress ?? (() => {});
  const initiative = await expectStatus(
    'initiative',
    call(participation, {
      method: 'POST',
      path: '/initiatives',
      role: 'coordinator',
      body: { title: { en: 'Bench' } },
    }),
    201,
  );
  const opportunity = await expectStatus(
    'opportunity',
    call(handler, {
      method: 'POST',
      path: '/opportunities',
      role: 'coordinator',
      body: {
        initiativeId: initiative.json.initiativeId,
        title: { en: 'Riverside tree planting', es: 'Plantación de árboles' },
        description: { en: 'Plant and water young trees along the river with the parks team.' },
        skills: ['gardening', 'first aid'],
        location: { name: 'Riverside park, north gate', address: 'Quai du Commerce 1' },
      },
    }),
    201,
  );
  const opportunityId = opportunity.json.opportunityId as string;
  let hours = 24;
  // The seat mechanics are measured on `open` shifts (counted at once); the email hold and its
  // confirmation get rows of their own.
  const aShift = async (capacity: number, assurance: 'open' | 'email' = 'open') => {
    hours += 5;
    const shift = await expectStatus(
      'shift',
      call(handler, {
        method: 'POST',
        path: `/opportunities/${opportunityId}/shifts`,
        role: 'coordinator',
        body: {
          startsAt: at(hours),
          endsAt: at(hours + 4),
          timeZone: 'Europe/Brussels',
          capacity,
          assurance,
        },
      }),
      201,
    );
    return shift.json as { shiftId: string; startsAt: string };
  };

  const recorder = installCapacityRecorder();
  const capacity: CapacityResult[] = [];
  const measure = async (
    label: string,
    request: {
      method: string;
      path: string;
      body?: unknown;
      headers?: Record<string, string>;
      query?: Record<string, string>;
      role?: StaffRole;
    },
    expected: number,
  ) => {
    const { value: response, usage } = await recorder.record(() => call(handler, request));
    if (response.status !== expected)
      throw new Error(`${label} answered ${response.status}, expected ${expected}: ${response.body}`);
    capacity.push({ label, status: response.status, ...usage });
    progress(`${label}: ${usage.rcu} RCU, ${usage.wcu} WCU (DynamoDB Local reports ${usage.reportedWcu})`);
    return response;
  };
  try {
    const shift = await aShift(1);
    const signups = `/shifts/${shift.shiftId}/signups`;
    // A second sign-up of the same person first, so the profile exists as it usually will.
    const earlier = await aShift(1);
    await expectStatus(
      'warm-up',
      call(handler, { method: 'POST', path: `/shifts/${earlier.shiftId}/signups`, body: person('a') }),
      202,
    );
    const seated = await measure(
      'Sign up (open assurance): seat confirmed',
      { method: 'POST', path: signups, body: person('a') },
      202,
    );
    const waiting = await measure(
      'Sign up (open assurance): waitlisted',
      { method: 'POST', path: signups, body: person('b') },
      202,
    );
    const keyed = {
      method: 'POST',
      path: signups,
      body: person('d'),
      headers: { 'Idempotency-Key': 'bench-signup-0001' },
    };
    const waitlistedWithKey = await measure('Sign up + Idempotency-Key: waitlisted', keyed, 202);
    await measure('Sign up + Idempotency-Key, retried (replay)', keyed, 202);
    await measure(
      'Cancel a confirmed sign-up: first waiting promoted',
      {
        method: 'DELETE',
        path: `/signups/${seated.json.signupId}`,
        headers: { 'X-Cancel-Token': seated.json.cancelToken },
      },
      200,
    );
    await measure(
      'Cancel a waitlisted sign-up (coordinator)',
      {
        method: 'POST',
        path: `/signups/${waitlistedWithKey.json.signupId}/cancellation`,
        role: 'coordinator',
      },
      200,
    );
    await measure(
      'Cancel a confirmed sign-up: nobody waiting',
      {
        method: 'DELETE',
        path: `/signups/${waiting.json.signupId}`,
        headers: { 'X-Cancel-Token': waiting.json.cancelToken },
      },
      200,
    );
    const attended = await aShift(5);
    const attendee = await expectStatus(
      'attendee',
      call(handler, { method: 'POST', path: `/shifts/${attended.shiftId}/signups`, body: person('c') }),
      202,
    );
    const start = Date.parse(attended.startsAt);
    await measure(
      'Check in',
      {
        method: 'POST',
        path: `/signups/${attendee.json.signupId}/check-in`,
        role: 'coordinator',
        body: { at: new Date(start).toISOString() },
      },
      200,
    );
    await measure(
      'Check out (hours verified)',
      {
        method: 'POST',
        path: `/signups/${attendee.json.signupId}/check-out`,
        role: 'coordinator',
        body: { at: new Date(start + 3.5 * hour).toISOString() },
      },
      200,
    );
    const held = await aShift(5, 'email');
    await measure(
      'Sign up (email assurance): seat held, link mailed',
      { method: 'POST', path: `/shifts/${held.shiftId}/signups`, body: person('e') },
      202,
    );
    const link = confirmationLinkIn(await lastMailTo(person('e').email));
    await measure(
      'Confirm a held seat',
      { method: 'POST', path: link.path, body: { token: link.token } },
      200,
    );
    await measure(
      'Confirm a held seat again (same answer)',
      { method: 'POST', path: link.path, body: { token: link.token } },
      200,
    );
    await measure(
      'List the shifts of an opportunity',
      { method: 'GET', path: `/opportunities/${opportunityId}/shifts` },
      200,
    );
  } finally {
    recorder.uninstall();
  }

  const contention: ContentionRun[] = [];
  for (const crowd of options.crowds ?? [50, 200]) {
    const seats = 10;
    const shift = await aShift(seats);
    const started = performance.now();
    const {
      value: answers,
      calls,
      refused,
    } = await countingCalls(() =>
      Promise.all(
        Array.from({ length: crowd }, (_, i) =>
          call(handler, {
            method: 'POST',
            path: `/shifts/${shift.shiftId}/signups`,
            body: person(`${crowd}-${i}`),
          }),
        ),
      ),
    );
    const run: ContentionRun = {
      signups: crowd,
      seats,
      confirmed: answers.filter((a) => a.json?.status === 'confirmed').length,
      waitlisted: answers.filter((a) => a.json?.status === 'waitlisted').length,
      failed: answers.filter((a) => a.status !== 202).length,
      seconds: (performance.now() - started) / 1000,
      calls,
      refusedTransactions: refused,
    };
    contention.push(run);
    progress(
      `${crowd} parallel sign-ups, ${seats} seats: ${run.seconds.toFixed(1)} s (${(crowd / run.seconds).toFixed(0)}/s), ${run.confirmed} confirmed, ${run.waitlisted} waitlisted, ${run.failed} failed, ${run.refusedTransactions} refused transactions`,
    );
  }
  return { capacity, contention };
}
