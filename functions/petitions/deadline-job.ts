import { createOnceJob } from '../../shared/lambda/scheduled-job';
import { mailerFromEnvironment } from '../../shared/mailer/from-environment';
import { logger } from '../../shared/observability/powertools';
import { deadlinePayload, petitionDeadlines } from './deadlines';
import { dynamoPetitionsStore } from './dynamo-store';

const deadlines = petitionDeadlines(dynamoPetitionsStore, {
  mailer: { send: (message) => mailerFromEnvironment().send(message) },
});

/** The once-job (`petition-deadline` in `api.ts`) a petition's schedules invoke: close, remind or mark overdue. */
export const handler = createOnceJob(deadlinePayload, async (payload) => {
  const outcome = await deadlines.run(payload, new Date());
  logger.info('Petition deadline step', { ...payload, outcome });
  return { ...payload, outcome };
});
