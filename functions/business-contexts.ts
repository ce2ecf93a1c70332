import type { HttpContext } from './context';

export { contextTimeoutSeconds, type HttpContext } from './context';

import { digestRoutes } from './digest/routes';
import { evaluationRoutes } from './evaluation/routes';
import { impactRoutes } from './impact/routes';
import { mappingRoutes } from './mapping/api';
import { participationRoutes } from './participation/routes';
import { partnershipRoutes } from './partnerships/routes';
import { surveyExportRoutes } from './surveys/export-routes';
import { surveyRoutes } from './surveys/routes';
import { volunteeringRoutes } from './volunteering/routes';

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
