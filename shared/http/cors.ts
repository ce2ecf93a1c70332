// `X-Cancel-Token`: a script cancelling a sign-up sends its token there, never in the URL.
const ALLOWED_HEADERS = 'Content-Type, Authorization, Idempotency-Key, Accept-Language, X-Cancel-Token';
const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';

/**
 * CORS headers for a request from `origin`: present only when the origin is on the city's
 * allow-list (`*` on the list allows any origin, for development).
 */
export function corsHeaders(
  origin: string | undefined,
  allowedOrigins: readonly string[],
): Record<string, string> {
  if (!origin) return {};
  const allowed = allowedOrigins.includes('*') || allowedOrigins.includes(origin);
  if (!allowed) return { vary: 'Origin' };
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-headers': ALLOWED_HEADERS,
    'access-control-allow-methods': ALLOWED_METHODS,
    'access-control-expose-headers': 'Location, Retry-After',
    'access-control-max-age': '600',
    vary: 'Origin',
  };
}

export const corsPolicy = {
  allowHeaders: ALLOWED_HEADERS.split(', '),
  allowMethods: ALLOWED_METHODS.split(', '),
};
