import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * Powertools singletons, created once per execution environment. The service name comes from
 * `POWERTOOLS_SERVICE_NAME`, set per function by CDK and by the local stack.
 *
 * The logger never receives request bodies or headers: see `shared/http/pipeline.ts`, which logs
 * route, status and timing only, so no personal data reaches CloudWatch.
 */
export const logger = new Logger();
export const metrics = new Metrics({ namespace: 'Civic' });
export const tracer = new Tracer();
