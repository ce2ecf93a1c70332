import type { z } from 'zod';
import type { checkYourEmail } from '../domain/confirmation';
import type { MessageLanguage } from '../messages';

export type StaffRole = 'admin' | 'coordinator' | 'analyst';
export const staffRoles: readonly StaffRole[] = ['admin', 'coordinator', 'analyst'];

/**
 * Who may call a route. `public` needs nothing; staff routes list the roles allowed, and
 * `admin` is always allowed (it configures everything). `optionalStaff` is a public route that
 * behaves differently for staff (a coordinator's asset is approved at once): anyone may call it,
 * and a bearer token, when one is sent, is verified by the function itself (API Gateway cannot
 * make an authorizer optional) — a bad one is 401, never treated as no token.
 */
export type RouteAuth = 'public' | 'optionalStaff' | StaffOnlyAuth;
export type StaffOnlyAuth = { roles: readonly StaffRole[] };

/** Whether only staff may call a route: an authorizer (Cognito, or the local gateway) checks the token first. */
export const isStaffOnly = (auth: RouteAuth): auth is StaffOnlyAuth => typeof auth === 'object';

/** Whether a function verifies staff tokens itself, and so is told where they come from (env). */
export const checksStaffTokens = (routes: readonly { auth: RouteAuth }[]): boolean =>
  routes.some((route) => route.auth === 'optionalStaff');

/** The named per-route rate limits a route can opt into (their numbers live in configuration). */
export type RouteRateLimit = 'votes' | 'signups' | 'signatures' | 'privacyRequests';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who is calling, as the authorizer established it (or, on an `optionalStaff` route, the
 * function's own token check). Personal data never leaves this object.
 */
export type Principal = { kind: 'anonymous' } | { kind: 'staff'; userId: string; roles: StaffRole[] };

type AnyObjectSchema = z.ZodObject<z.ZodRawShape>;

export interface RouteRequestSchemas {
  params?: AnyObjectSchema;
  query?: AnyObjectSchema;
  body?: z.ZodType;
  /**
   * Request headers the route reads, by lower-cased name (`x-cancel-token`): validated like the
   * rest (a bad one is 422 naming `headers.<name>`) and documented as header parameters. The
   * handler still reads them from `input.headers`.
   */
  headers?: AnyObjectSchema;
}

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a route handler receives: validated input plus who is calling. */
export interface RouteInput<R extends RouteRequestSchemas> {
  params: Infer<R['params']>;
  query: Infer<R['query']>;
  body: Infer<R['body']>;
  principal: Principal;
  /** Lower-cased request headers, for the few routes that negotiate (Accept, Accept-Language). */
  headers: Readonly<Record<string, string>>;
  /**
   * The caller's IP address as API Gateway saw it, for the few routes that keep a keyed hash of it
   * (petition signatures, so staff can invalidate a flood from one source). Absent in direct calls.
   */
  sourceIp?: string;
}

/**
 * One route's contract, declared once in its context's declaration module (`functions/<context>/api.ts`).
 * The same object drives the API Gateway method (CDK), the local gateway and the OpenAPI document;
 * none of those needs, or loads, what the route does. `bindRoutes` joins it to its implementation
 * for the context's Lambda router.
 */
export interface RouteContract<
  R extends RouteRequestSchemas = RouteRequestSchemas,
  S extends z.ZodType = z.ZodType,
  Id extends string = string,
  /** Whether the route `awaitsConfirmation` (a literal, so bindings may answer "check your email"). */
  Pending extends boolean = boolean,
> {
  /** Stable, unique name: OpenAPI `operationId`, metric dimension, idempotency partition, binding key. */
  operationId: Id;
  method: HttpMethod;
  /** API Gateway style template: `/engagements/{engagementId}/contributions`. */
  path: string;
  summary: string;
  description?: string;
  /** OpenAPI tag, normally the bounded context. */
  tag: string;
  auth: RouteAuth;
  request: R;
  /** The success answer. The handler's result is parsed with `schema`, so unknown fields are dropped. */
  response: {
    status: 200 | 201 | 202 | 204;
    description: string;
    schema: S;
    /**
     * The write follows its target's assurance level (`shared/domain/confirmation.ts`): under
     * `email` the handler answers `checkYourEmailAnswer` instead, sent as 202 (and documented so).
     */
    awaitsConfirmation?: Pending;
    /**
     * Top-level answer fields that are capabilities (a cancel token, a link carrying one): the
     * caller gets them once, and they are never stored — the idempotency record keeps the answer
     * without them, so a replay (same `Idempotency-Key`) answers without them too. Declare them
     * optional in `schema`.
     */
    capabilities?: readonly string[];
    /**
     * The answer is a person's own data for download (a privacy export): sent as an attachment
     * with this file name, and never kept by a browser or proxy cache (`Cache-Control: no-store`).
     */
    attachment?: (input: { params: Record<string, unknown> }) => string;
    /**
     * The answer is a document of another format, not JSON (a calendar feed): `schema` is a string,
     * sent as is with this media type (`text/calendar; charset=utf-8`), whatever `Accept` says.
     */
    text?: { contentType: string };
  };
  /** Public write routes also accept plain HTML form posts (urlencoded, 303 to a thank-you page). */
  acceptsForm?: boolean;
  /**
   * The route also takes `text/csv` (a spreadsheet's export, header row first): the pipeline
   * parses it (csv-parse) and `toBody` makes the records, each with its line in the file, into
   * the body the route's schema then validates as it does JSON. A malformed file is 400 naming
   * the line. `maxBytes` is this route's body limit (for JSON too), in place of `MAX_BODY_BYTES`.
   */
  acceptsCsv?: CsvBody;
  /**
   * The per-IP rate limit this route falls under besides the one every public write shares
   * (`publicWrites`): the limits themselves are configuration (`rateLimits`), enforced by WAF in
   * the cloud and by the local gateway alike. See `shared/http/rate-limits.ts`.
   */
  rateLimit?: RouteRateLimit;
  /**
   * Statuses this route can answer with besides the generic ones (400, 401, 403, 413, 415, 422, 500):
   * listed in the OpenAPI document.
   */
  errors?: readonly (404 | 409 | 410 | 412)[];
  /**
   * Another representation of a GET route's answer, chosen when `Accept` prefers its media type
   * (an export), written as a stream of chunks by the binding's `streamed`. A route with one must
   * belong to a context whose `responseTransfer` is `stream`.
   */
  streamed?: StreamedContract;
}

/** How a route takes `text/csv` (see `RouteContract.acceptsCsv`). */
export interface CsvBody {
  maxBytes: number;
  /** What the records are, for the OpenAPI document. */
  description: string;
  toBody: (records: readonly CsvRecord[]) => unknown;
}

/** One record of a CSV body: its values by header name, and its line in the file (the header is line 1). */
export interface CsvRecord {
  line: number;
  fields: Record<string, string>;
}

export interface StreamedContract {
  /** e.g. `text/csv; charset=utf-8`: the media type (before `;`) is what `Accept` is matched against. */
  contentType: string;
  description: string;
  /**
   * A query parameter that asks for this representation whatever `Accept` says, for links people
   * open in a browser (which never prefers `text/csv`): a mailed `…/export?entity=Vote` link.
   */
  chosenByQuery?: string;
}

/** What a route does: bound to its contract in the context's handler module. */
export interface RouteBinding<
  R extends RouteRequestSchemas = RouteRequestSchemas,
  S extends z.ZodType = z.ZodType,
> {
  handler: (input: RouteInput<R>) => Promise<z.input<S>>;
  /**
   * The answer as an HTML page, for people in a browser: a GET route's when `Accept` prefers
   * `text/html` (a link in an email; its errors then come as pages too), and a form post's when
   * the form named no thank-you page (`_redirect`). `content` is HTML placed inside the page's
   * `<main>`: escape what it interpolates (`escapeHtml`).
   */
  page?: (
    output: z.output<S>,
    input: RouteInput<R>,
    /** The reader's language (`_lang`, `Accept-Language`): the page's texts come from its catalogue. */
    language: MessageLanguage,
  ) => { title: string; content: string };
  /** Produces the contract's streamed representation; required when the contract declares one. */
  streamed?: StreamedProducer<RouteInput<R>>;
}

export interface StreamedProducer<I> {
  /** Offered as the download's file name (`Content-Disposition: attachment`). */
  filename: (input: I) => string;
  /**
   * Checks what must hold before the first byte is sent (the survey exists, the filter is valid):
   * a problem found here is still a proper 4xx, while a failure mid-stream can only cut it short.
   */
  open: (input: I) => Promise<AsyncIterable<string | Uint8Array>>;
}

export type StreamedRepresentation<I> = StreamedContract & StreamedProducer<I>;

/** A contract joined to its binding: what a context's Lambda router runs. */
export interface Route<R extends RouteRequestSchemas = RouteRequestSchemas, S extends z.ZodType = z.ZodType>
  extends Omit<RouteContract<R, S>, 'streamed'>,
    Omit<RouteBinding<R, S>, 'streamed'> {
  streamed?: StreamedRepresentation<RouteInput<R>>;
}

/** Declares a route's contract, keeping its operation id's literal type for `bindRoutes`. */
export function defineRoute<
  Id extends string,
  R extends RouteRequestSchemas,
  S extends z.ZodType,
  Pending extends boolean = false,
>(contract: RouteContract<R, S, Id, Pending>): RouteContract<R, S, Id, Pending> {
  return contract;
}

// biome-ignore lint/suspicious/noExplicitAny: a table holds routes of many different input types.
export type AnyRouteContract = RouteContract<any, any, string, boolean>;
// biome-ignore lint/suspicious/noExplicitAny: a table holds routes of many different input types.
export type AnyRoute = Route<any, any>;

/**
 * One binding per contract of a table, keyed by operation id, each typed by its contract's
 * schemas: the handler function alone, or a `RouteBinding` when the route also renders a page
 * or produces a stream.
 */
export type RouteBindings<C extends readonly AnyRouteContract[]> = {
  [K in C[number] as K['operationId']]: K extends RouteContract<infer R, infer S, string, infer Pending>
    ? Pending extends true
      ?
          | RouteBinding<R, z.ZodUnion<[S, typeof checkYourEmail]>>
          | RouteBinding<R, z.ZodUnion<[S, typeof checkYourEmail]>>['handler']
      : RouteBinding<R, S> | RouteBinding<R, S>['handler']
    : never;
};

/**
 * Joins a context's route contracts to their implementations, in the contracts' order. The types
 * demand a binding for every operation; a streamed contract without a producer is refused here,
 * at cold start, rather than at the first export.
 */
export function bindRoutes<C extends readonly AnyRouteContract[]>(
  contracts: C,
  bindings: NoInfer<RouteBindings<C>>,
): AnyRoute[] {
  const byId = bindings as unknown as Record<string, RouteBinding | RouteBinding['handler'] | undefined>;
  return contracts.map((contract) => {
    const bound = byId[contract.operationId];
    if (!bound) throw new Error(`${contract.operationId} has no binding.`);
    const binding = typeof bound === 'function' ? { handler: bound } : bound;
    const { streamed: producer, ...rest } = binding;
    if (contract.streamed && !producer)
      throw new Error(
        `${contract.operationId} declares a streamed representation but its binding produces none.`,
      );
    return {
      ...contract,
      ...rest,
      ...(contract.streamed && producer ? { streamed: { ...contract.streamed, ...producer } } : {}),
    } as AnyRoute;
  });
}

/** Write methods are idempotent by `Idempotency-Key`. */
export function isWrite(method: HttpMethod): boolean {
  return method !== 'GET';
}
