/** How one delivery ended: sent, or refused for good by the mail service. */
import type { DeliveryOutcome } from '../../shared/mailer/port';

export type { DeliveryOutcome };

/**
 * The digest job's delivery records, one per (period, subscription), so a re-run or a retry sends
 * nothing twice. The DynamoDB implementation is `dynamo-delivery-store.ts`.
 */
export interface DeliveryStore {
  /** Claims the delivery before sending; `already-handled` when a run claimed it before. */
  claim(period: string, subscriptionId: string, at: string): Promise<'claimed' | 'already-handled'>;
  /** Records how a claimed delivery ended. */
  settle(period: string, subscriptionId: string, outcome: DeliveryOutcome): Promise<void>;
  /** Frees a claim, so the next run tries that delivery again. */
  release(period: string, subscriptionId: string): Promise<void>;
}
