import type { AnyRouteContract, HttpMethod } from './route';

/** The routes a router matches: contracts (the local gateway) or bound routes (a context's function). */
type Matchable = Pick<AnyRouteContract, 'method' | 'path'>;

export type RouteMatch<T extends Matchable = AnyRouteContract> =
  | { kind: 'found'; route: T; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: HttpMethod[] }
  | { kind: 'not-found' };

interface CompiledRoute<T> {
  route: T;
  segments: string[];
}

const segmentsOf = (path: string) => path.split('/').filter(Boolean);
const isParam = (segment: string) => segment.startsWith('{') && segment.endsWith('}');

/**
 * Matches a request path against API Gateway style templates (`/shifts/{shiftId}/signups`).
 * Literal segments win over parameters, as they do in API Gateway, so `/surveys/export` would
 * beat `/surveys/{surveyId}`.
 */
export function createRouter<T extends Matchable>(routes: readonly T[]) {
  const compiled: CompiledRoute<T>[] = routes
    .map((route) => ({ route, segments: segmentsOf(route.path) }))
    // More literal segments first, so the first template that matches is the most specific.
    .sort((a, b) => literalScore(b.segments) - literalScore(a.segments));

  const seen = new Set<string>();
  for (const { route } of compiled) {
    const key = `${route.method} ${route.path}`;
    if (seen.has(key)) throw new Error(`Route declared twice: ${key}`);
    seen.add(key);
  }

  return function match(method: string, path: string): RouteMatch<T> {
    const requestSegments = segmentsOf(path);
    const allowed: HttpMethod[] = [];
    for (const candidate of compiled) {
      const params = matchSegments(candidate.segments, requestSegments);
      if (!params) continue;
      if (candidate.route.method === method.toUpperCase())
        return { kind: 'found', route: candidate.route, params };
      if (!allowed.includes(candidate.route.method)) allowed.push(candidate.route.method);
    }
    return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
  };
}

function literalScore(segments: string[]): number {
  return segments.reduce((score, segment, index) => score + (isParam(segment) ? 0 : 2 ** (16 - index)), 0);
}

function matchSegments(template: string[], actual: string[]): Record<string, string> | undefined {
  if (template.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < template.length; index++) {
    const expected = template[index] as string;
    const given = actual[index] as string;
    if (isParam(expected)) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(given);
      } catch {
        return undefined;
      }
      params[expected.slice(1, -1)] = decoded;
    } else if (expected !== given) {
      return undefined;
    }
  }
  return params;
}
