import type { Context } from 'aws-lambda';
import { PetitionAnswered } from '../../events/petitions';
import { createEventConsumer } from '../../shared/lambda/event-consumer';
import { mailerFromEnvironment } from '../../shared/mailer/from-environment';
import type { Mailer } from '../../shared/mailer/port';
import { type AnswerMailStore, answerMailing } from './answer-mail';
import { dynamoAnswerMailStore } from './dynamo-answer-mail';

/**
 * The `petition-answer-mail` consumer (`api.ts`): on `PetitionAnswered`, the city's answer goes to
 * every signer who asked for it, once each, however often the event arrives.
 */
export function createAnswerMailConsumer(deps: { mailer: Mailer; store?: AnswerMailStore }) {
  const mailing = answerMailing(deps.store ?? dynamoAnswerMailStore, { mailer: deps.mailer });
  return async (event: { 'detail-type': string; detail: unknown }, context?: Partial<Context>) => {
    if (event['detail-type'] !== PetitionAnswered.detailType) return;
    const detail = PetitionAnswered.detail.parse(event.detail);
    // Called without a Lambda context (tests, tools), there is no deadline to keep.
    const remaining = context?.getRemainingTimeInMillis?.bind(context);
    await mailing.mailAnswer(detail.petitionId, remaining ? { timeLeft: remaining } : {});
  };
}

/** The deployed consumer: SES in the cloud, the `.eml` outbox locally. */
export const handler = createEventConsumer(
  createAnswerMailConsumer({ mailer: { send: (message) => mailerFromEnvironment().send(message) } }),
);
