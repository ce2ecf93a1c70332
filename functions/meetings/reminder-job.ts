import { createInstantJob } from '../../shared/lambda/scheduled-job';
import { mailerFromEnvironment } from '../../shared/mailer/from-environment';
import { logger } from '../../shared/observability/powertools';
import { dynamoMeetingsStore } from './dynamo-store';
import { registrationMailing } from './registration-mail';

const mailing = registrationMailing({
  store: dynamoMeetingsStore,
  clock: () => new Date(),
  mailer: { send: (message) => mailerFromEnvironment().send(message) },
});

/** The scheduled job (`meeting-reminders` in `api.ts`), input `{ now }`: each confirmed registrant once. */
export const handler = createInstantJob(async ({ now }) => {
  const run = await mailing.sendReminders(now);
  logger.info('Meeting reminders run', { ...run });
  return run;
});
