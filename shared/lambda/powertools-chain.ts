import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { runtimeConfig } from '../config/runtime';
import { logger, metrics, tracer } from '../observability/powertools';

/**
 * The Powertools chain every function runs under, HTTP, event consumer or job alike, in the house
 * order: tracer → logger (keys reset per invocation, then the invocation's correlation id) →
 * metrics (with the cold-start metric).
 *
 * Building a handler with it also parses the runtime configuration (`parseConfig`, the shared
 * `runtimeConfig` unless the function has settings of its own), at cold start: a function
 * with a missing or malformed variable fails before its first invocation, with a message naming
 * each bad variable, instead of half-working.
 */
export function withPowertoolsChain<E, R>(
  handler: middy.MiddyfiedHandler<E, R, Error, Context>,
  correlationIdOf: (event: E, context: Context) => string | undefined,
  parseConfig: () => unknown = runtimeConfig,
): middy.MiddyfiedHandler<E, R, Error, Context> {
  parseConfig();
  return (
    handler
      // Answers stay out of traces: a page may hold a capability token (a cancel or unsubscribe
      // form's hidden field), an open sign-up's answer its cancel token, others personal data.
      .use(captureLambdaHandler(tracer, { captureResponse: false }))
      .use(injectLambdaContext(logger, { resetKeys: true }))
      .use({
        before: (request) => {
          const id = correlationIdOf(request.event, request.context);
          if (id) logger.setCorrelationId(id);
        },
      })
      .use(logMetrics(metrics, { captureColdStartMetric: true }))
  );
}
