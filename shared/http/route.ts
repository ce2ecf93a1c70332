import type { z } from 'zod';

export type StaffRole = 'admin' | 'coordinator' | 'analyst';
export const staffRoles: readonly StaffRole[] = ['admin', 'coordinator', 'analyst'];

/**
 * Who may call a route. `public` needs nothing; staff routes list the roles allowed, and
 * `admin` is always allowed (it configures everything).
 */
export type RouteAuth = 'public' | { roles: readonly StaffRole[] };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who is calling, as the authorizer established it. Personal data never leaves this object. */
export type Principal = { kind: 'anonymous' } | { kind: 'staff'; userId: string; roles: StaffRole[] };

type AnyObjectSchema = z.ZodObject<z.ZodRawShape>;

export interface RouteRequestSchemas {
  params?: AnyObjectSchema;
  query?: AnyObjectSchema;
  body?: z.ZodType;
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
}

/**
 * One route, declared once. The same object drives the Lambda router, the API Gateway method
 * (CDK), the local gateway and the OpenAPI document.
 */
export interface Route<R extends RouteRequestSchemas = RouteRequestSchemas, S extends z.ZodType = z.ZodType> {
  /** Stable, unique name: OpenAPI `operationId`, metric dimension, idempotency partition. */
  operationId: string;
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
  response: { status: 200 | 201 | 202 | 204; description: string; schema: S };
  /** Public write routes also accept plain HTML form posts (urlencoded, 303 to a thank-you page). */
  acceptsForm?: boolean;
  /**
   * Statuses this route can answer with besides the generic ones (400, 401, 403, 413, 415, 422, 500):
   * listed in the OpenAPI document.
   */
  errors?: readonly (404 | 409 | 412)[];
  handler: (input: RouteInput<R>) => Promise<z.input<S>>;
  /**
   * Another representation of a GET route's answer, chosen when `Accept` prefers its media type
   * (an export). It is written as a stream of chunks, so memory stays flat however large it is;
   * a route with one must belong to a context whose `responseTransfer` is `stream`.
   */
  streamed?: StreamedRepresentation<RouteInput<R>>;
  /**
   * A GET route that people open in a browser (a link in an email) renders its answer as an HTML
   * page when `Accept` prefers `text/html`; its errors then come as pages too. `content` is HTML
   * placed inside the page's `<main>`: escape what it interpolates (`escapeHtml`).
   */
  page?: (output: z.output<S>, input: RouteInput<R>) => { title: string; content: string };
}

export interface StreamedRepresentation<I> {
  /** e.g. `text/csv; charset=utf-8`: the media type (before `;`) is what `Accept` is matched against. */
  contentType: string;
  description: string;
  /** Offered as the download's file name (`Content-Disposition: attachment`). */
  filename: (input: I) => string;
  /**
   * Checks what must hold before the first byte is sent (the survey exists, the filter is valid):
   * a problem found here is still a proper 4xx, while a failure mid-stream can only cut it short.
   */
  open: (input: I) => Promise<AsyncIterable<string | Uint8Array>>;
}

/** Declares a route with full type inference of its handler's input and output. */
export function defineRoute<R extends RouteRequestSchemas, S extends z.ZodType>(
  route: Route<R, S>,
): Route<R, S> {
  return route;
}

// biome-ignore lint/suspicious/noExplicitAny: a table holds routes of many different input types.
export type AnyRoute = Route<any, any>;

/** Write methods are idempotent by `Idempotency-Key`. */
export function isWrite(method: HttpMethod): boolean {
  return method !== 'GET';
}
