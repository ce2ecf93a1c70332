import type { SeatedKind } from '../../events/volunteering';
import { runtimeConfig } from '../../shared/config/runtime';
import { publicApiLink } from '../../shared/http/public-link';

/**
 * The link a volunteer follows to cancel: a page (`GET`) with a cancel button; programs send
 * `DELETE` to the same address. Absent without a public base URL.
 */
export function cancelUrl(kind: SeatedKind, claimId: string, token: string): string | undefined {
  const base = runtimeConfig().PUBLIC_API_BASE_URL;
  if (!base) return undefined;
  const collection = kind === 'shift' ? 'signups' : 'enrolments';
  return `${base.replace(/\/+$/, '')}/${collection}/${claimId}?token=${encodeURIComponent(token)}`;
}

/**
 * The link a confirmation mail carries: a page (`GET`) that changes nothing, whose button posts
 * the token to confirm the held seat. Needs the public base URL (mail needs absolute links).
 */
export function confirmationUrl(kind: SeatedKind, claimId: string, token: string): string {
  const collection = kind === 'shift' ? 'signups' : 'enrolments';
  return publicApiLink(
    `${collection}/${encodeURIComponent(claimId)}/confirmation?token=${encodeURIComponent(token)}`,
  );
}
