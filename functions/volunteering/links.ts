import type { SeatedKind } from '../../events/volunteering';
import { runtimeConfig } from '../../shared/config/runtime';
import { mintLinkToken } from '../../shared/domain/link-tokens';
import { publicApiLink } from '../../shared/http/public-link';
import type { VolunteeringStore } from './store';

/**
 * The link a volunteer follows to cancel: a page (`GET`, which changes nothing) whose button posts
 * the token in the form's body to `…/cancel`; programs `DELETE` the sign-up with the token in the
 * `X-Cancel-Token` header. Absent without a public base URL.
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

/**
 * A cancel link for one mail: a token minted now, its hash added to the claim's live ones (the
 * raw token exists only in this mail). Undefined when the claim is gone or there is no public base URL.
 */
export async function issueCancelLink(
  store: Pick<VolunteeringStore, 'issueCancelToken'>,
  kind: SeatedKind,
  claimId: string,
  at: string,
): Promise<string | undefined> {
  if (!runtimeConfig().PUBLIC_API_BASE_URL) return undefined;
  const { token, issued } = mintLinkToken(at);
  return (await store.issueCancelToken(kind, claimId, issued)) ? cancelUrl(kind, claimId, token) : undefined;
}
