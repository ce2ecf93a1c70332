import type { AnyRoute } from '../shared/http/route';
import { mappingRoutes } from './mapping/routes';
import { participationRoutes } from './participation/routes';
import { surveyRoutes } from './surveys/routes';

/** A bounded context served over HTTP: one Lambda function routing its own table of routes. */
export interface HttpContext {
  /** Function name suffix and `POWERTOOLS_SERVICE_NAME`. */
  name: string;
  /** The handler module, relative to the repository root; CDK bundles it, the local gateway imports it. */
  entry: string;
  routes: readonly AnyRoute[];
  /** Whether the function reads only, or also writes, the table. */
  tableAccess: 'none' | 'read' | 'readWrite';
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
  { name: 'mapping', entry: 'functions/mapping/handler.ts', routes: mappingRoutes, tableAccess: 'readWrite' },
];
