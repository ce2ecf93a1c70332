import { runtimeConfig } from '../../shared/config/runtime';
import { ConflictError, InvalidFieldError, NotFoundError } from '../../shared/domain/errors';
import { newId } from '../../shared/domain/ids';
import { matchesIssuedToken } from '../../shared/domain/link-tokens';
import type { PageRequest } from '../../shared/domain/page';
import { normalizeEmail } from '../../shared/domain/participant';
import { HttpProblem, problems } from '../../shared/http/problem';
import type { DigestFrequency, DigestSubscriptionInput } from './schemas';
import type { DigestSubscriptionStore, InitiativeExists, StoredDigestSubscription } from './store';

/**
 * Who receives which evaluation digest, how often; and the one-click way out. The initiatives a
 * subscription names are checked through participation's published read (`ports`).
 */
export function digestSubscriptionService(
  store: DigestSubscriptionStore,
  ports: { initiativeExists: InitiativeExists },
  clock: () => Date = () => new Date(),
) {
  /** Every listed initiative must exist; each one that does not is named by its index. */
  async function checkInitiatives(initiatives: DigestSubscriptionInput['initiatives']): Promise<void> {
    if (initiatives === 'all') return;
    const found = await Promise.all(initiatives.map((id) => ports.initiativeExists(id)));
    const errors = found.flatMap((exists, index) =>
      exists ? [] : [{ path: `body.initiatives.${index}`, message: 'No initiative with this ID.' }],
    );
    if (errors.length > 0) throw new HttpProblem(problems.validation(errors));
  }

  /**
   * The subscription this token unsubscribes. A wrong, another subscription's or a retired token
   * looks exactly like an unknown ID (404), whatever the subscription's history.
   */
  async function subscriptionWithToken(subscriptionId: string, token: string) {
    const subscription = await store.getSubscription(subscriptionId);
    if (!subscription || !matchesIssuedToken(token, subscription.unsubscribeTokens))
      throw new NotFoundError('No subscription with this ID and token.');
    // A subscription from before hashing: its raw token, just proven, gives way to its hash.
    if (subscription.rawUnsubscribeTokenStored) await store.hashStoredUnsubscribeToken(subscriptionId);
    return subscription;
  }

  const unsubscribed = (subscription: StoredDigestSubscription) => ({
    subscriptionId: subscription.subscriptionId,
    status: 'unsubscribed' as const,
    unsubscribedAt: subscription.unsubscribedAt as string,
  });

  return {
    async subscribe(input: DigestSubscriptionInput): Promise<StoredDigestSubscription> {
      const locales = runtimeConfig().LOCALES;
      const language = input.language ?? (locales[0] as string);
      if (!locales.includes(language))
        throw new InvalidFieldError('body.language', `The city publishes in ${locales.join(', ')}.`);
      await checkInitiatives(input.initiatives);
      const subscription: StoredDigestSubscription = {
        subscriptionId: newId(),
        email: normalizeEmail(input.email),
        frequency: input.frequency,
        initiatives: input.initiatives,
        language,
        status: 'active',
        createdAt: clock().toISOString(),
        // Each digest mints its own link (`issueUnsubscribeToken` in `published.ts`): none before the first.
        unsubscribeTokens: [],
      };
      if ((await store.addSubscription(subscription)) === 'address-taken')
        throw new ConflictError(
          `This address already receives the ${input.frequency} digest.`,
          'already-subscribed',
        );
      return subscription;
    },

    listSubscriptions: (filter: { frequency?: DigestFrequency | undefined }, page: PageRequest) =>
      store.listSubscriptions(filter, page),

    async deleteSubscription(subscriptionId: string): Promise<void> {
      if ((await store.deleteSubscription(subscriptionId)) === 'gone')
        throw new NotFoundError('No subscription with this ID.');
    },

    /** What the unsubscribe page shows before the click: the subscription, if the token is its own. */
    async unsubscribePreview(subscriptionId: string, token: string) {
      const subscription = await subscriptionWithToken(subscriptionId, token);
      return {
        subscriptionId,
        status: subscription.status,
        frequency: subscription.frequency,
        language: subscription.language,
      };
    },

    /** One click from the digest: idempotent, so a mail client's retry or a second click gets the same answer. */
    async unsubscribe(subscriptionId: string, token: string) {
      const subscription = await subscriptionWithToken(subscriptionId, token);
      if (subscription.status === 'unsubscribed') return unsubscribed(subscription);
      const at = clock().toISOString();
      if ((await store.unsubscribe(subscription, at)) === 'unsubscribed')
        return unsubscribed({ ...subscription, unsubscribedAt: at });
      // Changed in between: unsubscribed by another click (answer as it was), or deleted (gone).
      const now = await subscriptionWithToken(subscriptionId, token);
      if (now.status === 'unsubscribed') return unsubscribed(now);
      throw new Error('An active subscription refused to be unsubscribed.');
    },
  };
}
