import {
  IdempotencyAlreadyInProgressError,
  IdempotencyValidationError,
} from '@aws-lambda-powertools/idempotency';
import type { z } from 'zod';
import { ConflictError, GoneError, InvalidFieldError, NotFoundError } from '../domain/errors';
import { type MessageLanguage, validationTexts } from './field-messages';

/** One field the client must fix: `path` names it the way the client sent it (`body.participant.email`). */
export interface FieldError {
  path: string;
  message: string;
}

/** An RFC 9457 problem: the only shape an error ever takes on the wire. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  /** Extra members (`reason`, `allowed`) that help a client react. */
  [extension: string]: unknown;
}

/** Thrown anywhere in the pipeline to end the request with this problem. */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  constructor(
    readonly problem: Problem,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.title);
  }
}

const problemType = (slug: string) => `urn:civic:problem:${slug}`;

export const problems = {
  /** Title and detail in `language`; the pipeline words them again in the reader's language. */
  validation: (errors: FieldError[], language: MessageLanguage = 'en'): Problem => ({
    type: problemType('validation'),
    title: validationTexts(language).title,
    status: 422,
    detail: validationTexts(language).detail({ count: errors.length }),
    errors,
  }),
  malformedBody: (detail: string): Problem => ({
    type: problemType('malformed-body'),
    title: 'The request body could not be read',
    status: 400,
    detail,
    errors: [{ path: 'body', message: detail }],
  }),
  unauthorized: (): Problem => ({
    type: problemType('unauthorized'),
    title: 'Sign-in required',
    status: 401,
    detail: 'This route needs a valid staff bearer token.',
  }),
  forbidden: (roles: readonly string[]): Problem => ({
    type: problemType('forbidden'),
    title: 'Not allowed for your role',
    status: 403,
    detail: `This route needs one of the roles: ${roles.join(', ')}.`,
  }),
  notFound: (detail = 'No such resource.'): Problem => ({
    type: problemType('not-found'),
    title: 'Not found',
    status: 404,
    detail,
  }),
  methodNotAllowed: (allowed: readonly string[]): Problem => ({
    type: problemType('method-not-allowed'),
    title: 'Method not allowed',
    status: 405,
    detail: `This path accepts: ${allowed.join(', ')}.`,
    allowed,
  }),
  conflict: (detail: string, reason: string): Problem => ({
    type: problemType(reason),
    title: 'Conflict with the current state',
    status: 409,
    detail,
    reason,
  }),
  gone: (detail: string): Problem => ({
    type: problemType('gone'),
    title: 'Gone',
    status: 410,
    detail,
  }),
  payloadTooLarge: (limit: number): Problem => ({
    type: problemType('payload-too-large'),
    title: 'Request body too large',
    status: 413,
    detail: `Bodies are limited to ${limit} bytes.`,
  }),
  unsupportedMediaType: (accepted: readonly string[]): Problem => ({
    type: problemType('unsupported-media-type'),
    title: 'Unsupported media type',
    status: 415,
    detail: `Send the body as one of: ${accepted.join(', ')}.`,
  }),
  internal: (): Problem => ({
    type: 'about:blank',
    title: 'Internal Server Error',
    status: 500,
    detail: 'Something went wrong on our side. It has been logged; please try again later.',
  }),
};

/** Whether `problem` is a validation problem: the kind whose texts speak the reader's language. */
export const isValidationProblem = (problem: Problem) => problem.type === problemType('validation');

/** zod issues as field errors, prefixed with where the value came from (`params`, `query`, `body`). */
export function fieldErrorsFromZod(
  source: 'params' | 'query' | 'body' | 'headers',
  error: z.ZodError,
): FieldError[] {
  return error.issues.map((issue) => ({
    path: [source, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

/**
 * Maps any thrown value to a problem. Known domain errors become 4xx; everything else becomes a
 * generic 500 whose body says nothing about the cause.
 */
export function problemFromError(error: unknown): {
  problem: Problem;
  headers: Record<string, string>;
  expected: boolean;
} {
  if (error instanceof HttpProblem) return { problem: error.problem, headers: error.headers, expected: true };
  if (error instanceof NotFoundError)
    return { problem: problems.notFound(error.message), headers: {}, expected: true };
  if (error instanceof GoneError)
    return { problem: problems.gone(error.message), headers: {}, expected: true };
  if (error instanceof ConflictError)
    return { problem: problems.conflict(error.message, error.reason), headers: {}, expected: true };
  if (error instanceof InvalidFieldError)
    return {
      problem: problems.validation([{ path: error.path, message: error.message }]),
      headers: {},
      expected: true,
    };
  if (error instanceof IdempotencyAlreadyInProgressError)
    return {
      problem: problems.conflict(
        'A request with this Idempotency-Key is still being processed.',
        'idempotency-in-progress',
      ),
      headers: { 'retry-after': '1' },
      expected: true,
    };
  if (error instanceof IdempotencyValidationError)
    return {
      problem: problems.validation([
        { path: 'headers.idempotency-key', message: 'This key was already used for a different request.' },
      ]),
      headers: {},
      expected: true,
    };
  return { problem: problems.internal(), headers: {}, expected: false };
}
