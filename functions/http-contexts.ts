import { businessContexts, type HttpContext } from './business-contexts';
import { platformRoutes } from './platform/routes';

export type { HttpContext } from './business-contexts';

/**
 * Every HTTP context, platform included. `infra/` builds one function and one set of API Gateway
 * methods per entry; `infra/local/` serves the same list.
 */
export const httpContexts: readonly HttpContext[] = [
  ...businessContexts,
  { name: 'platform', entry: 'functions/platform/handler.ts', routes: platformRoutes, tableAccess: 'none' },
];
