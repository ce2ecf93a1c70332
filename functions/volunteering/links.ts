import type { SeatedKind } from '../../events/volunteering';
import { runtimeConfig } from '../../shared/config/runtime';

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
