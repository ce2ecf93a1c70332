import { ConsentWithdrawn } from '../../events/privacy';
import { runtimeConfig } from '../../shared/config/runtime';
import { newId } from '../../shared/domain/ids';
import { createEventConsumer } from '../../shared/lambda/event-consumer';
import { logger } from '../../shared/observability/powertools';
import { dynamoParticipationPrivacyStore } from './dynamo-privacy-store';
import { participationPrivacy } from './privacy';

const privacy = participationPrivacy(dynamoParticipationPrivacyStore, {
  erasedContributions: () => runtimeConfig().ERASED_CONTRIBUTIONS,
  language: () => runtimeConfig().LOCALES[0] ?? 'en',
  newId,
});

/**
 * A resident withdrew their consent to be contacted (`ConsentWithdrawn`, purpose `contact`): their
 * contributions lose the address and name kept for that at once. Redelivered events find nothing
 * left to remove.
 */
export const handler = createEventConsumer(async (event) => {
  const withdrawal = ConsentWithdrawn.detail.parse(event.detail);
  if (withdrawal.purpose !== 'contact') return;
  await privacy.withdrawContactConsent(withdrawal.participantHash, withdrawal.occurredAt);
  logger.debug('Contact consent withdrawn from contributions', { eventId: withdrawal.eventId });
});
