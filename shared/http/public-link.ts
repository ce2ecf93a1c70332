import { runtimeConfig } from '../config/runtime';

/**
 * An absolute link into the API for mail (mail needs absolute links), from `PUBLIC_API_BASE_URL`;
 * `path` is relative to it (`votes/…/confirmation?token=…`). Every deployment sets the base URL,
 * so a function without one is misconfigured rather than linkless.
 */
export function publicApiLink(path: string): string {
  const base = runtimeConfig().PUBLIC_API_BASE_URL;
  if (!base)
    throw new Error('Invalid function configuration: PUBLIC_API_BASE_URL is needed for links in mail.');
  return new URL(path.replace(/^\/+/, ''), base.endsWith('/') ? base : `${base}/`).toString();
}
