import { claimDelivery, releaseDelivery, settleDelivery } from '../../shared/db/delivery-marks';
import { digestKeys } from '../../shared/db/keys';
import type { DeliveryStore } from './store';

/** Delivery records on the single table: one partition per period, one item per subscription. */
export const dynamoDeliveryStore: DeliveryStore = {
  claim: (period, subscriptionId, at) =>
    claimDelivery(digestKeys.delivery(period, subscriptionId), {
      type: 'DigestDelivery',
      period,
      subscriptionId,
      claimedAt: at,
    }),
  settle: (period, subscriptionId, outcome) =>
    settleDelivery(digestKeys.delivery(period, subscriptionId), outcome),
  release: (period, subscriptionId) => releaseDelivery(digestKeys.delivery(period, subscriptionId)),
};
