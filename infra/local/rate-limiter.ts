import { type RateLimitName, type RateLimits, rateLimitsOf } from '../../shared/http/rate-limits';
import type { AnyRouteContract } from '../../shared/http/route';

export type RateLimitDecision =
  | { allowed: true }
  | {
      allowed: false;
      /** The limit that refused, the most specific first when several are full. */
      limit: RateLimitName;
      /** Whole seconds until every full limit has a free slot again (at least 1). */
      retryAfterSeconds: number;
    };

export interface RateLimiter {
  /** Counts a request to `route` from `sourceIp` if every limit it falls under has room. */
  admit(route: Pick<AnyRouteContract, 'auth' | 'method' | 'rateLimit'>, sourceIp: string): RateLimitDecision;
}

/** Past this many (limit, address) pairs, pairs with nothing left in their window are dropped. */
const sweepAbove = 10_000;

/**
 * The local gateway's counterpart of the WAF rate-based rules (`infra/constructs/web-acl.ts`):
 * per source address and limit, a sliding window of the requests admitted in the last
 * `windowSeconds`. A request is admitted, and counted against every limit its route falls under,
 * only when each of them has a free slot; a refused request takes none, and `retryAfterSeconds`
 * says when the slots it needs free up. Unlike WAF, which aggregates every few seconds, it is
 * exact, so a test can count on the (limit + 1)th request being the first refused.
 *
 * @param now the clock, in milliseconds (tests move it instead of waiting)
 */
export function createRateLimiter(limits: RateLimits, now: () => number = Date.now): RateLimiter {
  const admitted = new Map<string, number[]>();

  const sweep = (at: number) => {
    for (const [key, times] of admitted) {
      const name = key.slice(0, key.indexOf(' ')) as RateLimitName;
      const last = times[times.length - 1];
      if (last === undefined || last <= at - limits[name].windowSeconds * 1000) admitted.delete(key);
    }
  };

  /** The admitted times still inside the window, oldest first. */
  const recent = (key: string, name: RateLimitName, at: number): number[] => {
    const since = at - limits[name].windowSeconds * 1000;
    const times = (admitted.get(key) ?? []).filter((time) => time > since);
    admitted.set(key, times);
    return times;
  };

  return {
    admit(route, sourceIp) {
      const names = rateLimitsOf(route);
      if (names.length === 0) return { allowed: true };
      const at = now();
      if (admitted.size > sweepAbove) sweep(at);
      const windows = names.map((name) => {
        const key = `${name} ${sourceIp}`;
        return { name, key, times: recent(key, name, at) };
      });
      const full = windows.filter(({ name, times }) => times.length >= limits[name].requests);
      const [first] = full;
      if (!first) {
        for (const { times } of windows) times.push(at);
        return { allowed: true };
      }
      // A slot frees when the oldest request the limit still needs to forget leaves the window.
      const waitMs = Math.max(
        ...full.map(({ name, times }) => {
          const needed = times[times.length - limits[name].requests] as number;
          return needed + limits[name].windowSeconds * 1000 - at;
        }),
      );
      return { allowed: false, limit: first.name, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    },
  };
}
