import { type TableKeyPolicy, tableKeyPolicy } from '../shared/access/key-spaces';
import { batches } from './batches/api';
import {
  type ContextDeclaration,
  type EventConsumer,
  type HttpContext,
  isOnceJob,
  isScheduledJob,
  type Job,
  type OnceJob,
  type ScheduledJob,
} from './context';
import { digest } from './digest/api';
import { evaluation } from './evaluation/api';
import { impact } from './impact/api';
import { mapping } from './mapping/api';
import { meetings } from './meetings/api';
import { participation } from './participation/api';
import { partnerships } from './partnerships/api';
import { petitions } from './petitions/api';
import { platform } from './platform/api';
import { privacy } from './privacy/api';
import { surveys } from './surveys/api';
import { volunteering } from './volunteering/api';

/**
 * Every bounded context, by its declaration (`functions/<context>/api.ts`). Add a context here,
 * one line, and CDK, the local stack, `npx civic` and the OpenAPI document all pick up its
 * routes, consumers and jobs. Declarations only: loading this loads no service, store or SDK.
 */
export const contexts: readonly ContextDeclaration[] = [
  participation,
  surveys,
  mapping,
  partnerships,
  volunteering,
  meetings,
  petitions,
  impact,
  digest,
  evaluation,
  platform,
  privacy,
  batches,
];

/** Every HTTP function: CDK builds one function and its API Gateway methods per entry; the local gateway serves the same list. */
export const httpContexts: readonly HttpContext[] = contexts.flatMap((context) => context.http ?? []);

/** Every event consumer: its `eventPattern` is used verbatim by the CDK rule and by the local bus. */
export const eventConsumers: readonly EventConsumer[] = contexts.flatMap(
  (context) => context.consumers ?? [],
);

/** Every scheduled job: CDK's schedules, the local scheduler and `npx civic job` run the same entries. */
export const scheduledJobs: readonly ScheduledJob[] = contexts.flatMap((context) =>
  (context.jobs ?? []).filter(isScheduledJob),
);

/** Every once-job: CDK builds its function (no schedule), the local Scheduler endpoint invokes it. */
export const onceJobs: readonly OnceJob[] = contexts.flatMap((context) =>
  (context.jobs ?? []).filter(isOnceJob),
);

type DeclaredFunction = HttpContext | EventConsumer | Job;

/**
 * The once-jobs `fn` declares it schedules (`schedulesJobs`), found among `available` (normally
 * `onceJobs`). Throws, so the synth or the local stack stops, for a name that is no once-job or
 * one of another context: a context schedules only its own jobs.
 */
export function onceJobsScheduledBy(fn: DeclaredFunction, available: readonly OnceJob[]): OnceJob[] {
  const owner = owningContext(fn);
  return (fn.schedulesJobs ?? []).map((name) => {
    const job = available.find((candidate) => candidate.name === name);
    if (!job) throw new Error(`${fn.name} schedules "${name}", which is no once-job (input: 'once').`);
    const jobOwner = owningContext(job);
    if (owner && jobOwner && owner !== jobOwner)
      throw new Error(
        `${fn.name} schedules "${name}" of ${jobOwner.name}: a context schedules only its own jobs.`,
      );
    return job;
  });
}

/** The context that declares a function; undefined for one no registered context declares (a test's). */
export function owningContext(fn: DeclaredFunction): ContextDeclaration | undefined {
  return contexts.find((context) =>
    [...(context.http ?? []), ...(context.consumers ?? []), ...(context.jobs ?? [])].includes(fn),
  );
}

/**
 * The table partitions a function may read and write (`shared/access/key-spaces.ts`): its context's key
 * space as its `tableAccess` says, the spaces of the contexts it calls published code of, and the
 * idempotency records of its own write routes. CDK grants exactly this; the local stack enforces it.
 */
export function tableKeyPolicyOf(fn: DeclaredFunction): TableKeyPolicy {
  const routes = 'routes' in fn ? fn.routes : [];
  return tableKeyPolicy({
    context: owningContext(fn)?.name ?? fn.name,
    tableAccess: fn.tableAccess,
    ...(fn.publishedFrom ? { publishedFrom: fn.publishedFrom } : {}),
    idempotentOperations: routes.filter((route) => route.method !== 'GET').map((route) => route.operationId),
    ...(fn.scansTable ? { scansTable: true } : {}),
  });
}
