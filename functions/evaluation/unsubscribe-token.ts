/**
 * The link a digest carries, and its `List-Unsubscribe` header (RFC 2369) names: opened, a page
 * that changes nothing; a POST to it unsubscribes (RFC 8058 one-click, with
 * `List-Unsubscribe-Post: List-Unsubscribe=One-Click`, whose fixed body leaves the URL as the only
 * place for the token). `token` is the one minted for this digest (`issueUnsubscribeToken`).
 * `apiBaseUrl` is where residents reach the API (`PUBLIC_API_BASE_URL`).
 */
export function unsubscribeUrl(apiBaseUrl: string, link: { subscriptionId: string; token: string }): string {
  const base = apiBaseUrl.endsWith('/') ? apiBaseUrl : `${apiBaseUrl}/`;
  const url = new URL(`digest-subscriptions/${link.subscriptionId}/unsubscribe`, base);
  url.searchParams.set('token', link.token);
  return url.toString();
}
