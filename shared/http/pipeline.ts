import { Readable } from 'node:stream';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { parse as parseCsv } from 'csv-parse/sync';
import Negotiator from 'negotiator';
import type { z } from 'zod';
import { runtimeConfig } from '../config/runtime';
import { checkYourEmail } from '../domain/confirmation';
import { withPowertoolsChain } from '../lambda/powertools-chain';
import { messagesFor } from '../messages';
import { logger, metrics } from '../observability/powertools';
import { authorize, principalFromEvent } from './auth';
import { corsHeaders } from './cors';
import { type MessageLanguage, negotiateMessageLanguage, safeParseForPeople } from './field-messages';
import { allowedRedirect, parseForm } from './form';
import { formErrorPage, formThankYouPage, htmlPage, htmlSecurityHeaders } from './html';
import { idempotencyKeyFor, runIdempotent, type StoredResponse } from './idempotency';
import {
  fieldErrorsFromZod,
  HttpProblem,
  isValidationProblem,
  type Problem,
  problemFromError,
  problems,
} from './problem';
import {
  bodyText,
  FORM_MEDIA_TYPE,
  isJsonMediaType,
  mediaType,
  normalizedHeaders,
  rawQueryString,
} from './request';
import { type AnyRoute, type CsvRecord, isWrite } from './route';
import { createRouter } from './router';
import { principalFromBearer } from './staff-token';

type Headers = Record<string, string>;

/** A proxy result, whose body a streaming function may still be producing. */
type HttpResult = Omit<APIGatewayProxyResult, 'body'> & { body: string | Readable };

/** An answer whose body is still being produced: only a streamed representation gives one. */
type StreamedAnswer = Omit<StoredResponse, 'body'> & { body: Readable };
type Answer = StoredResponse | StreamedAnswer;

/**
 * How the caller wants to be answered: JSON for programs; HTML pages (and redirects) for plain
 * forms and for browsers opening a route that renders pages.
 */
interface Conversation {
  /** Answer with HTML pages: a plain form post, or a browser on a page route (`Route.page`). */
  isForm: boolean;
  referer: string | undefined;
  /** The reader's language (pages, field messages): a form's `_lang`, else `Accept-Language`, else the city's. */
  language: MessageLanguage;
}

const json = (statusCode: number, body: unknown, headers: Headers = {}): StoredResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...headers },
  body: statusCode === 204 ? '' : JSON.stringify(body),
});

const html = (statusCode: number, body: string, headers: Headers = {}): StoredResponse => ({
  statusCode,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    ...htmlSecurityHeaders(thankYouOrigins()),
    ...headers,
  },
  body,
});

/** The origins of the city's thank-you pages, where a form's 303 may lead (CSP `form-action`). */
const thankYouOrigins = () => runtimeConfig().THANK_YOU_URLS.map((url) => new URL(url).origin);

function problemResponse(problem: Problem, headers: Headers, conversation: Conversation): StoredResponse {
  // Validation problems are what a person fixes, so they speak the reader's language; the rest are English.
  const validation = isValidationProblem(problem);
  const language = validation ? conversation.language : 'en';
  const worded = validation
    ? { ...problem, ...problems.validation(problem.errors ?? [], language) }
    : problem;
  const withLanguage = { ...headers, 'content-language': language };
  if (conversation.isForm)
    return html(problem.status, formErrorPage(worded, conversation.referer, language), withLanguage);
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/problem+json', ...withLanguage },
    body: JSON.stringify(worded),
  };
}

function validate<S extends z.ZodType | undefined>(
  schema: S,
  value: unknown,
  source: 'params' | 'query' | 'body' | 'headers',
  language: MessageLanguage,
): S extends z.ZodType ? z.output<S> : undefined {
  if (!schema) return undefined as never;
  const parsed = safeParseForPeople(schema, value, language);
  if (!parsed.success) throw new HttpProblem(problems.validation(fieldErrorsFromZod(source, parsed.error)));
  return parsed.data as never;
}

/**
 * The request body as the route's schema will see it. JSON for everyone; urlencoded for routes
 * that accept plain HTML forms. Size and media type are checked before anything is parsed.
 */
function readBody(
  event: APIGatewayProxyEvent,
  route: AnyRoute,
  headers: Headers,
): { body: unknown; redirect?: string | undefined; honeypotFilled: boolean; language?: string } {
  const text = bodyText(event);
  const limit = route.acceptsCsv?.maxBytes ?? runtimeConfig().MAX_BODY_BYTES;
  if (Buffer.byteLength(text, 'utf8') > limit) throw new HttpProblem(problems.payloadTooLarge(limit));
  if (!route.request.body) return { body: undefined, redirect: undefined, honeypotFilled: false };

  const type = mediaType(headers['content-type']);
  const accepted = [
    'application/json',
    ...(route.acceptsForm ? [FORM_MEDIA_TYPE] : []),
    ...(route.acceptsCsv ? [CSV_MEDIA_TYPE] : []),
  ];
  if (type === FORM_MEDIA_TYPE && route.acceptsForm) return parseForm(text, route.request.body);
  if (type === CSV_MEDIA_TYPE && route.acceptsCsv)
    return { body: route.acceptsCsv.toBody(parseCsvBody(text)), honeypotFilled: false };
  if (!isJsonMediaType(type)) throw new HttpProblem(problems.unsupportedMediaType(accepted));
  if (text.trim() === '') return { body: undefined, redirect: undefined, honeypotFilled: false };
  try {
    return { body: JSON.parse(text) as unknown, redirect: undefined, honeypotFilled: false };
  } catch {
    throw new HttpProblem(problems.malformedBody('The body is not valid JSON.'));
  }
}

const CSV_MEDIA_TYPE = 'text/csv';

/**
 * A CSV body's records (header row first, names trimmed; blank lines skipped), each with its line
 * in the file. A malformed file is 400 naming the line the parser stopped at.
 */
function parseCsvBody(text: string): CsvRecord[] {
  try {
    const rows = parseCsv(text, {
      columns: (header: string[]) => header.map((name) => name.trim()),
      bom: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as { record: Record<string, string>; info: { lines: number } }[];
    return rows.map(({ record, info }) => ({ line: info.lines, fields: record }));
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    const reason = (error as Error).message.replace(/\s+/g, ' ').slice(0, 200);
    throw new HttpProblem(
      problems.malformedBody(`The CSV is malformed${line ? ` at line ${line}` : ''}: ${reason}`),
    );
  }
}

/** A plain form's success: 303 to its thank-you page, or our own thank-you page when it named none. */
function formSuccess(
  status: number,
  redirect: string | undefined,
  language: MessageLanguage,
): StoredResponse {
  return redirect
    ? { statusCode: 303, headers: { location: redirect }, body: '' }
    : html(status, formThankYouPage(language), { 'content-language': language });
}

/** Whether `Accept` prefers `alternative` to JSON (JSON wins ties and an absent header). */
function prefers(alternative: string, headers: Headers): boolean {
  const offered = ['application/json', alternative];
  return new Negotiator({ headers: { accept: headers.accept } }).mediaType(offered) === alternative;
}

const prefersStreamed = (route: AnyRoute, headers: Headers) =>
  route.streamed !== undefined &&
  prefers(mediaType(route.streamed.contentType) ?? route.streamed.contentType, headers);

/** A browser opening a route that renders pages: answers and problems come as HTML. */
const wantsPage = (route: AnyRoute, headers: Headers) =>
  route.page !== undefined && route.method === 'GET' && prefers('text/html', headers);

/** Runs one matched route: authorize → read → validate → (idempotently) handle → shape the answer. */
async function runRoute(
  event: APIGatewayProxyEvent,
  route: AnyRoute,
  pathParams: Record<string, string>,
  headers: Headers,
  conversation: Conversation,
  context: Context,
): Promise<Answer> {
  // Authorization comes before reading the body, so an anonymous caller learns nothing about a
  // staff route's schema from its validation errors. An `optionalStaff` route has no authorizer
  // (in the cloud nor locally): its token, if any, is checked here, and a bad one is 401.
  const principal =
    route.auth === 'optionalStaff'
      ? await principalFromBearer(headers.authorization)
      : principalFromEvent(event);
  authorize(route.auth, principal);

  const { body: rawBody, redirect, honeypotFilled, language } = readBody(event, route, headers);
  if (language !== undefined)
    conversation.language = negotiateMessageLanguage(language, headers['accept-language']);
  const params = validate(route.request.params, pathParams, 'params', conversation.language);
  const query = validate(
    route.request.query,
    parseForm(rawQueryString(event), route.request.query).body,
    'query',
    conversation.language,
  );
  const body = validate(route.request.body, rawBody, 'body', conversation.language);
  if (route.request.headers) {
    const declared = Object.keys(route.request.headers.shape);
    const sent = Object.fromEntries(
      declared.flatMap((name) => (name in headers ? [[name, headers[name]]] : [])),
    );
    validate(route.request.headers, sent, 'headers', conversation.language);
  }

  // The thank-you page is checked before anything is written, and only its parsed form is ever sent.
  const thankYouPage =
    redirect === undefined ? undefined : allowedRedirect(redirect, runtimeConfig().THANK_YOU_URLS);
  if (redirect !== undefined && thankYouPage === undefined) {
    throw new HttpProblem(
      problems.validation([
        { path: 'body._redirect', message: messagesFor(conversation.language).field.thankYouPageNotAllowed },
      ]),
    );
  }

  // A bot filled the invisible field: look successful, keep nothing (not even an idempotency record).
  if (honeypotFilled) return formSuccess(route.response.status, thankYouPage, conversation.language);

  const askedByQuery =
    route.streamed?.chosenByQuery !== undefined &&
    (query as Record<string, unknown> | undefined)?.[route.streamed.chosenByQuery] !== undefined;
  if (route.streamed && (askedByQuery || prefersStreamed(route, headers))) {
    const input = { params, query, body, principal, headers };
    const chunks = await route.streamed.open(input);
    return {
      statusCode: 200,
      headers: {
        'content-type': route.streamed.contentType,
        'content-disposition': `attachment; filename="${route.streamed.filename(input)}"`,
        // Exports hold people's answers and data: no cache along the way keeps a copy.
        'cache-control': 'no-store',
      },
      body: chunks instanceof Readable ? chunks : Readable.from(chunks, { objectMode: false }),
    };
  }

  /** The answer as sent now (`live`) and as an idempotency record may keep it (`kept`: no capabilities). */
  const answers = async (): Promise<{ live: StoredResponse; kept: StoredResponse }> => {
    const sourceIp = event.requestContext?.identity?.sourceIp;
    const result = await route.handler({
      params,
      query,
      body,
      principal,
      headers,
      ...(sourceIp ? { sourceIp } : {}),
    });
    // Under `email` assurance a counted write answers "check your email" instead: 202, not counted yet.
    const awaiting = route.response.awaitsConfirmation === true && checkYourEmail.safeParse(result).success;
    const status = awaiting ? 202 : route.response.status;
    const output = (awaiting ? checkYourEmail : route.response.schema).parse(result);
    const render = (shown: typeof output): StoredResponse => {
      // A browser gets the route's own page: opening a link, or posting a form that named no thank-you page.
      const pageWanted = conversation.isForm ? thankYouPage === undefined : wantsPage(route, headers);
      if (route.page && pageWanted) {
        const { language } = conversation;
        const { title, content } = route.page(shown, { params, query, body, principal, headers }, language);
        return html(status, htmlPage(title, content, language), { 'content-language': language });
      }
      if (conversation.isForm) return formSuccess(status, thankYouPage, conversation.language);
      if (route.response.text)
        return {
          statusCode: status,
          headers: { 'content-type': route.response.text.contentType },
          body: String(shown),
        };
      const attachment = route.response.attachment;
      return attachment
        ? json(status, shown, {
            'content-disposition': `attachment; filename="${attachment({ params })}"`,
            'cache-control': 'no-store',
          })
        : json(status, shown);
    };
    const capabilities = route.response.capabilities ?? [];
    const live = render(output);
    if (capabilities.length === 0 || typeof output !== 'object' || output === null)
      return { live, kept: live };
    const withoutCapabilities = Object.fromEntries(
      Object.entries(output).filter(([field]) => !capabilities.includes(field)),
    ) as typeof output;
    return { live, kept: render(withoutCapabilities) };
  };
  const answer = async () => (await answers()).live;

  if (!isWrite(route.method)) return answer();
  // On an `optionalStaff` route the same post means something else from staff (approved, not a
  // suggestion): one caller never replays another's answer, even from one office's address.
  const caller =
    route.auth === 'optionalStaff'
      ? { caller: principal.kind === 'staff' ? principal.userId : 'anonymous' }
      : {};
  const key = idempotencyKeyFor(
    headers,
    conversation.isForm
      ? {
          payload: { params, body, redirect: thankYouPage, ...caller },
          sourceIp: event.requestContext?.identity?.sourceIp ?? 'unknown',
        }
      : undefined,
  );
  if (key === undefined) return answer();
  // The first run answers with everything; the record keeps the answer without its capabilities,
  // and a replay (which never runs `work`) answers with what the record kept.
  let firstRun: StoredResponse | undefined;
  const kept = await runIdempotent(
    route.operationId,
    key,
    {
      path: event.path,
      params,
      body,
      // A query that changes what a write does (`?dryRun=true`) is part of the request a key names.
      ...(query && Object.keys(query).length > 0 ? { query } : {}),
      form: conversation.isForm,
      ...caller,
    },
    context,
    async () => {
      const { live, kept: record } = await answers();
      firstRun = live;
      return record;
    },
  );
  return firstRun ?? kept;
}

/**
 * The HTTP side of a context's Lambda: one router over its route table, wrapped in the
 * Powertools middlewares. Every outcome, including our own bugs, leaves as a proper response.
 */
export function createHttpHandler(routes: readonly AnyRoute[]) {
  const streamed = routes.filter((route) => route.streamed);
  if (streamed.length > 0)
    throw new Error(
      `${streamed.map((route) => route.operationId).join(', ')} stream their answers: serve them with createStreamingHttpHandler.`,
    );
  return withPowertoolsChain(
    middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>(
      routeRequests(routes) as (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>,
    ),
    requestIdOf,
  );
}

/**
 * The same, for a context whose function streams its answers (Lambda response streaming through
 * Middy, API Gateway's `STREAM` transfer mode): exports of any size leave as they are produced.
 * Problems found before the first byte are still whole problem responses.
 */
export function createStreamingHttpHandler(routes: readonly AnyRoute[]) {
  return withPowertoolsChain(
    middy<APIGatewayProxyEvent, HttpResult, Error, Context>(routeRequests(routes), {
      streamifyResponse: true,
    }),
    requestIdOf,
  );
}

/** Both handler shapes run under the shared Powertools chain, the request id as correlation id. */
const requestIdOf = (event: APIGatewayProxyEvent) => event.requestContext?.requestId;

/** Routes each request of one context: match → run the route → shape every outcome as a response. */
function routeRequests(routes: readonly AnyRoute[]) {
  const match = createRouter(routes);

  const handle = async (event: APIGatewayProxyEvent, context: Context): Promise<HttpResult> => {
    const headers = normalizedHeaders(event);
    const cors = corsHeaders(headers.origin, runtimeConfig().ALLOWED_ORIGINS);
    const contentType = mediaType(headers['content-type']);
    const conversation: Conversation = {
      isForm: contentType === FORM_MEDIA_TYPE && !(headers.accept ?? '').includes('application/json'),
      referer: headers.referer,
      language: negotiateMessageLanguage(undefined, headers['accept-language']),
    };
    const started = performance.now();
    const matched = match(event.httpMethod, event.path);
    const operation = matched.kind === 'found' ? matched.route.operationId : 'unmatched';
    let response: Answer;
    try {
      // A CORS preflight: whichever function API Gateway's fallback hands it to (a path two
      // contexts share goes to the platform's) answers it, from the CORS headers added below.
      if (event.httpMethod === 'OPTIONS') {
        response = { statusCode: 204, headers: {}, body: '' };
      } else if (matched.kind === 'not-found') {
        throw new HttpProblem(problems.notFound(`No route for ${event.path}.`));
      } else if (matched.kind === 'method-not-allowed') {
        throw new HttpProblem(problems.methodNotAllowed(matched.allowed), {
          allow: matched.allowed.join(', '),
        });
      } else {
        // Only routes that accept forms answer with HTML pages; others refuse the body with 415.
        conversation.isForm &&= matched.route.acceptsForm === true;
        conversation.isForm ||= wantsPage(matched.route, headers);
        response = await runRoute(event, matched.route, matched.params, headers, conversation, context);
      }
    } catch (error) {
      const mapped = problemFromError(error);
      if (!mapped.expected) logger.error('Unhandled error', { operation, error: error as Error });
      response = problemResponse(mapped.problem, mapped.headers, conversation);
    }
    metrics.addDimension('operation', operation);
    metrics.addMetric(
      response.statusCode >= 500 ? 'ServerErrors' : response.statusCode >= 400 ? 'ClientErrors' : 'Successes',
      MetricUnit.Count,
      1,
    );
    logger.info('Request handled', {
      operation,
      method: event.httpMethod,
      status: response.statusCode,
      durationMs: Math.round(performance.now() - started),
    });
    return {
      statusCode: response.statusCode,
      headers: { ...response.headers, ...cors },
      body: response.body,
    };
  };

  return handle;
}
