import { mintLinkToken } from '../../shared/domain/link-tokens';
import { everyPage } from '../../shared/domain/page';
import type { PersonalDataHolder } from '../../shared/privacy/person';
import { dynamoDigestSubscriptionStore } from './dynamo-digest-subscription-store';
import { dynamoEvaluationPersonalData } from './dynamo-personal-data';
import { dynamoEvaluationStore } from './dynamo-store';
import type { DigestFrequency, DigestSubscription, Indicator } from './schemas';

/**
 * What evaluation publishes to other contexts, read on evaluation's own stores: the impact summary
 * reports each initiative's indicators against their latest measurements, and the digest job
 * mails the active subscribers. Inject these into services as ports.
 */

/** An active digest subscription, as the digest job mails it (its link's token: `issueUnsubscribeToken`). */
export type DigestSubscriber = Pick<
  DigestSubscription,
  'subscriptionId' | 'email' | 'frequency' | 'initiatives' | 'language'
>;

/** Every indicator of one initiative. */
export function indicatorsOfInitiative(initiativeId: string): Promise<Indicator[]> {
  return everyPage((page) => dynamoEvaluationStore.listIndicators(initiativeId, page));
}

/**
 * The measurement of an indicator with the latest `measuredAt` at or before `atOrBefore` (ISO 8601
 * with any offset; compared as instants, to the millisecond), or undefined when none was taken by
 * then. Two measurements of one instant: the one recorded last wins (a correction).
 */
export async function latestMeasurement(
  indicatorId: string,
  atOrBefore: string,
): Promise<{ value: number; measuredAt: string } | undefined> {
  const latest = await dynamoEvaluationStore.latestMeasurement(
    indicatorId,
    new Date(atOrBefore).toISOString(),
  );
  return latest ? { value: latest.value, measuredAt: latest.measuredAt } : undefined;
}

/** Every active digest subscription of one frequency, oldest first. */
export async function digestSubscribers(frequency: DigestFrequency): Promise<DigestSubscriber[]> {
  const subscriptions = await everyPage((page) =>
    dynamoDigestSubscriptionStore.listSubscriptions({ frequency }, page),
  );
  return subscriptions.map(({ subscriptionId, email, frequency, initiatives, language }) => ({
    subscriptionId,
    email,
    frequency,
    initiatives,
    language,
  }));
}

/**
 * The token of the unsubscribe link one digest carries: minted now, only its hash stored on the
 * subscription (the newest `LIVE_UNSUBSCRIBE_LINKS` stay live). Undefined when the subscription
 * is gone or stopped: then no digest goes out.
 */
export async function issueUnsubscribeToken(subscriptionId: string): Promise<string | undefined> {
  const { token, issued } = mintLinkToken(new Date().toISOString());
  return (await dynamoDigestSubscriptionStore.issueUnsubscribeToken(subscriptionId, issued))
    ? token
    : undefined;
}

/**
 * Evaluation's part of a resident's export, erasure and the retention job. Feedback is given
 * without a name or address, so nothing finds it by person: its comment goes when its retention
 * ends. Digest subscriptions hold an address (a staff address, as a rule) and are found by it:
 * the person's canonical address, as their privacy request gave it.
 */
export const personalDataHolder: PersonalDataHolder = {
  context: 'evaluation',

  async personalDataOf(person) {
    const subscriptions = await dynamoEvaluationPersonalData.subscriptionsOf(person.email);
    const records = subscriptions.map((subscription) => ({
      subscriptionId: subscription.subscriptionId,
      email: subscription.email,
      frequency: subscription.frequency,
      initiatives: subscription.initiatives === 'all' ? 'all' : subscription.initiatives.join(' '),
      language: subscription.language,
      status: subscription.status,
      subscribedAt: subscription.createdAt,
      unsubscribedAt: subscription.unsubscribedAt ?? null,
    }));
    return records.length > 0 ? [{ entity: 'DigestSubscription', records }] : [];
  },

  // Nothing of a subscription needs to stay for a count: it goes, with the markers of its address.
  erasePerson: (person) => dynamoEvaluationPersonalData.eraseAddress(person.email),

  applyRetention: (due, now) => dynamoEvaluationPersonalData.applyRetention(due, now),
};
