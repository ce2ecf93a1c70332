import type { Period, PeriodKind } from '../shared/domain/period';
import type { AnyRouteContract } from '../shared/http/route';
import {
  instantJobInput,
  namedPeriodJobInput,
  scheduledPeriodJobInput,
  scheduledTimePlaceholder,
} from '../shared/jobs/job-input';
import type { PersonalDataDeclaration } from '../shared/privacy/personal-data';

/**
 * What a bounded context declares about itself, apart from what it does: its HTTP functions with
 * their route contracts, its event consumers and its scheduled jobs. Each context's `api.ts`
 * exports one; `functions/contexts.ts` lists them. CDK, the local stack, the OpenAPI writer and
 * `npx civic` read only these declarations: none of them loads a service, a store or the SDK.
 */
export interface ContextDeclaration {
  /** The context's name, as its folder under `functions/`. */
  name: string;
  http?: readonly HttpContext[];
  consumers?: readonly EventConsumer[];
  jobs?: readonly Job[];
  /**
   * Every entity of the context that keeps personal data, declared next to its schema
   * (`shared/privacy/personal-data.ts`); `docs/privacy.md` is generated from these.
   */
  personalData?: readonly PersonalDataDeclaration[];
}

/**
 * What a function may do with the table. CDK grants exactly this as `dynamodb:LeadingKeys`
 * conditions on the key spaces of `shared/access/key-spaces.ts`, the local stack enforces the same
 * rules on each request, and `test/infra/least-privilege.test.ts` checks the declaration against
 * the function's imports.
 */
export interface TableUse {
  /** What the function does with its own context's key space: nothing, read only, or read and write. */
  tableAccess: 'none' | 'read' | 'readWrite';
  /**
   * The other contexts whose published module (`functions/<context>/published.ts`) the function
   * calls, directly or through another published module, with the access those calls need: each
   * grants that context's key space, read-only for `read`.
   */
  publishedFrom?: Readonly<Partial<Record<string, 'read' | 'readWrite'>>>;
  /**
   * Whether the function hashes residents' addresses (`participantIdentity`): only then may it
   * read the participant-hash secret.
   */
  hashesParticipants?: boolean;
  /**
   * Whether the function scans the whole table (IAM cannot limit a Scan to key spaces): only for
   * work that is "every item", the `retention` job. Each found item is handed to its owning
   * context's published code; the scan itself reads keys and retention attributes only.
   */
  scansTable?: boolean;
}

/**
 * Which one-time schedules a function may make: the names of once-jobs (`input: 'once'`) of its
 * own context. CDK grants it `scheduler:CreateSchedule`/`DeleteSchedule` in the one-time
 * schedule group, `iam:PassRole` for the schedules' role, and the settings
 * `oneTimeSchedulesFromEnvironment()` (`shared/jobs/one-time-schedules.ts`) reads; the local stack
 * points it at its own Scheduler endpoint.
 */
export interface SchedulesOnceJobs {
  schedulesJobs?: readonly string[];
}

/**
 * How many instances of the function Lambda keeps for it alone (reserved concurrency), so a flood
 * on one function cannot take the capacity another needs, nor grow past this. A city overrides it
 * per function in its configuration (`reservedConcurrency`).
 */
export interface Capacity {
  /** @default 10 for HTTP functions, 5 for event consumers, 2 for scheduled jobs */
  reservedConcurrency?: number;
}

/** The reserved concurrency a function gets: the city's setting for its name, else its declaration's, else its kind's default. */
export function reservedConcurrencyOf(
  fn: { name: string; reservedConcurrency?: number },
  kind: 'http' | 'consumer' | 'job',
  configured: Readonly<Record<string, number | null>>,
): number | undefined {
  if (fn.name in configured) return configured[fn.name] ?? undefined;
  return fn.reservedConcurrency ?? { http: 10, consumer: 5, job: 2 }[kind];
}

/** A bounded context served over HTTP: one Lambda function routing its own table of routes. */
export interface HttpContext extends TableUse, SchedulesOnceJobs, Capacity {
  /** Function name suffix and `POWERTOOLS_SERVICE_NAME`. */
  name: string;
  /** The handler module, relative to the repository root; CDK bundles it, the local gateway imports it. */
  entry: string;
  routes: readonly AnyRouteContract[];
  /**
   * `stream` for a context whose routes stream their answers (exports): its handler is built with
   * `createStreamingHttpHandler`, API Gateway invokes it in `STREAM` transfer mode, and the local
   * gateway relays its chunks as they come. Default `buffered`.
   */
  responseTransfer?: 'buffered' | 'stream';
  /**
   * The function serves the API's OpenAPI document (`GET /openapi.json`): it is generated from
   * every context's declarations when the app is built and placed beside the bundle as
   * `openapi.json` (CDK), or named in `OPENAPI_DOCUMENT` (the local stack).
   */
  servesOpenApiDocument?: boolean;
  /**
   * Whether requests send mail themselves (confirmation links, sent while the request runs so the
   * token never needs storing): CDK grants the function SES and sets `MAIL_FROM`, the local stack
   * gives it the outbox, as for consumers and jobs.
   */
  mails?: boolean;
  /**
   * How long one request may take. Buffered answers must come within API Gateway's 29 s;
   * streamed ones may take up to 15 minutes.
   * @default 10 (buffered), 300 (stream)
   */
  timeoutSeconds?: number;
}

/** The function timeout of a context (see `HttpContext.timeoutSeconds`), checked against API Gateway's limits. */
export function contextTimeoutSeconds(context: HttpContext): number {
  const streams = context.responseTransfer === 'stream';
  const seconds = context.timeoutSeconds ?? (streams ? 300 : 10);
  const limit = streams ? 900 : 29;
  if (seconds > limit)
    throw new Error(
      `${context.name}: ${seconds} s is over API Gateway's ${limit} s for ${streams ? 'streamed' : 'buffered'} answers.`,
    );
  return seconds;
}

/**
 * A function that reacts to domain events on the bus. Each entry's `eventPattern` is used verbatim
 * by the CDK rule and by the local bus (`infra/local/`), so both route the same events.
 *
 * Consumers must be idempotent (EventBridge delivers at least once): deduplicate on `detail.eventId`.
 */
export interface EventConsumer extends TableUse, SchedulesOnceJobs, Capacity {
  name: string;
  /** Handler module relative to the repository root, exporting `handler(event: EventBridgeEvent)`. */
  entry: string;
  /** An EventBridge event pattern (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html). */
  eventPattern: { source?: string[]; 'detail-type'?: string[]; detail?: Record<string, unknown> };
  /**
   * Whether the consumer sends mail: CDK grants it SES through the configuration set and sets
   * `MAIL_FROM`/`MAIL_CONFIGURATION_SET`; the local stack gives it the outbox. Send with
   * `mailerFromEnvironment()` (`shared/mailer/from-environment.ts`).
   */
  mails?: boolean;
  /**
   * How long one delivery may run, in seconds (Lambda allows up to 900): for a consumer whose work
   * grows with the data (mailing every signer of a petition), which must still finish or resume.
   * @default 30
   */
  timeoutSeconds?: number;
}

/**
 * Jobs that run on a schedule. Each entry is used verbatim by CDK (one function and one
 * EventBridge Scheduler schedule per cron, in the city's time zone), by the local scheduler that
 * `npm start` runs, and by `npx civic job <name>`, so all three invoke the same handler with the
 * same input.
 *
 * A handler reads its input with `resolvePeriodJobInput` or `resolveInstantJobInput`
 * (`shared/jobs/job-input.ts`). Jobs must be idempotent: Scheduler retries, and people re-run
 * periods.
 */
interface JobBase extends TableUse, SchedulesOnceJobs, Capacity {
  /** Function name suffix, `POWERTOOLS_SERVICE_NAME`, and the name `civic job` takes. */
  name: string;
  /** One line for `civic job --help`, the local stack's start-up list and the schedule's description. */
  description: string;
  /** Handler module relative to the repository root, exporting `handler(input)`. */
  entry: string;
  /** Whether the job sends mail: it gets the SES grant and mail settings (the outbox, locally). */
  mails?: boolean;
  /**
   * How long one run may take, in seconds (Lambda allows up to 900).
   * @default 300
   */
  timeoutSeconds?: number;
}

/**
 * A cron in EventBridge Scheduler's syntax — `minutes hours day-of-month month day-of-week year`,
 * one of the day fields `?`, weekdays `1-7` meaning `SUN-SAT` (names work too) — read in the
 * city's time zone, e.g. `0 7 ? * MON *` (Mondays 07:00) or `0 6 1 * ? *` (the 1st, 06:00).
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#cron-based
 */
export type Cron = string;

/** A job about a reporting period: each schedule names the kind of period that has just ended when it fires. */
export interface PeriodJob extends JobBase {
  input: 'period';
  schedules: readonly { cron: Cron; period: PeriodKind }[];
}

/** A job about "now" (reminders): it gets `{ now }`, the instant it runs for. */
export interface InstantJob extends JobBase {
  input: 'instant';
  schedules: readonly { cron: Cron }[];
}

/**
 * A job no cron runs: only the one-time schedules its context makes (`scheduleOnce` in
 * `shared/jobs/one-time-schedules.ts`, by functions naming it in `schedulesJobs`) invoke it, each
 * with the payload it was made with; `npx civic job <name> --input '<json>'` runs it by hand. Build
 * its handler with `createOnceJob(schema, run)` (`shared/lambda/scheduled-job.ts`). A schedule
 * fires at least once, so the handler must be idempotent, and must check that what it was
 * scheduled for still holds (an answer may have come while a cancel raced the firing).
 */
export interface OnceJob extends JobBase {
  input: 'once';
}

/** The jobs a cron runs. */
export type ScheduledJob = PeriodJob | InstantJob;
/** Every job a context declares: the cron-run ones and the once-jobs. */
export type Job = ScheduledJob | OnceJob;
export type JobSchedule = ScheduledJob['schedules'][number];

export const isOnceJob = (job: Job): job is OnceJob => job.input === 'once';
export const isScheduledJob = (job: Job): job is ScheduledJob => job.input !== 'once';

/** Finds a job by name among `jobs` (normally `scheduledJobs` or `onceJobs` from `functions/contexts.ts`). */
export function findScheduledJob<J extends Job>(name: string, jobs: readonly J[]): J | undefined {
  return jobs.find((job) => job.name === name);
}

/**
 * The input a schedule delivers. CDK passes `scheduledTimePlaceholder` (Scheduler substitutes
 * the scheduled time); the local scheduler passes the time it fired.
 */
export function scheduleInput(
  job: ScheduledJob,
  schedule: JobSchedule,
  scheduledTime: string = scheduledTimePlaceholder,
): Record<string, string> {
  if (job.input === 'instant') return instantJobInput(scheduledTime);
  return scheduledPeriodJobInput((schedule as PeriodJob['schedules'][number]).period, scheduledTime);
}

/** The input `civic job` sends: a named period, or the instant for an instant job. */
export function manualInput(job: ScheduledJob, at: { period?: Period; now: Date }): Record<string, string> {
  if (job.input === 'instant') return instantJobInput(at.now.toISOString());
  if (!at.period) throw new Error(`${job.name} runs for a period; name one.`);
  return namedPeriodJobInput(at.period);
}
