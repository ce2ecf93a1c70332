import type { AnyRoute } from '../shared/http/route';
import { digestRoutes } from './digest/routes';
import { evaluationRoutes } from './evaluation/routes';
import { impactRoutes } from './impact/routes';
import { mappingRoutes } from './mapping/routes';
import { participationRoutes } from './participation/routes';
import { partnershipRoutes } from './partnerships/routes';
import { surveyExportRoutes } from './surveys/export-routes';
import { surveyRoutes } from './surveys/routes';
import { volunteeringRoutes } from './volunteering/routes';

/** A bounded context served over HTTP: one Lambda function routing its own table of routes. */
export interface HttpContext {
  /** Function name suffix and `POWERTOOLS_SERVICE_NAME`. */
  name: string;
  /** The handler module, relative to the repository root; CDK bundles it, the local gateway imports it. */
  entry: string;
  routes: readonly AnyRoute[];
  /** Whether the function reads only, or also writes, the table. */
  tableAccess: 'none' | 'read' | 'readWrite';
  /**
   * `stream` for a context whose routes stream their answers (exports): its handler is built with
   * `createStreamingHttpHandler`, API Gateway invokes it in `STREAM` transfer mode, and the local
   * gateway relays its chunks as they come. Default `buffered`.
   */
  responseTransfer?: 'buffered' | 'stream';
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

/** The contexts that own domain routes. Add a context here and CDK, the local stack and OpenAPI all pick it up. */
export const businessContexts: readonly HttpContext[] = [
  {
    name: 'participation',
    entry: 'functions/participation/handler.ts',
    routes: participationRoutes,
    tableAccess: 'readWrite',
  },
  { name: 'surveys', entry: 'functions/surveys/handler.ts', routes: surveyRoutes, tableAccess: 'readWrite' },
  {
    name: 'survey-exports',
    entry: 'functions/surveys/export-handler.ts',
    routes: surveyExportRoutes,
    tableAccess: 'read',
    responseTransfer: 'stream',
  },
  { name: 'mapping', entry: 'functions/mapping/handler.ts', routes: mappingRoutes, tableAccess: 'readWrite' },
  {
    name: 'partnerships',
    entry: 'functions/partnerships/handler.ts',
    routes: partnershipRoutes,
    tableAccess: 'readWrite',
  },
  {
    name: 'volunteering',
    entry: 'functions/volunteering/handler.ts',
    routes: volunteeringRoutes,
    tableAccess: 'readWrite',
    // A sign-up to a full shift may wait its turn in the line for up to 25 s (functions/volunteering/seats.ts).
    timeoutSeconds: 28,
  },
  { name: 'impact', entry: 'functions/impact/handler.ts', routes: impactRoutes, tableAccess: 'read' },
  { name: 'digests', entry: 'functions/digest/handler.ts', routes: digestRoutes, tableAccess: 'read' },
  {
    name: 'evaluation',
    entry: 'functions/evaluation/handler.ts',
    routes: evaluationRoutes,
    tableAccess: 'readWrite',
  },
];
