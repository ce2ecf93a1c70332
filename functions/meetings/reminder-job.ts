import { createInstantJob } from '../../shared/lambda/scheduled-job';
import { mailerFromEnvironment } from '../../shared/mailer/from-environment';
import { logger } from '../../shared/observability/powertools';
import { engagementInitiative } from '../participation/published';
import { dynamoMeetingsStore } from './dynamo-store';
import { meetingsService } from './service';

const service = meetingsService(dynamoMeetingsStore, () => new Date(), {
  engagementInitiative,
  mailer: { send: (message) => mailerFromEnvironment().send(message) },
});

/** The scheduled job (`meeting-reminders` in `api.ts`), input `{ now }`: each confirmed registrant once. */
export const handler = createInstantJob(async ({ now }) => {
  const run = await service.sendReminders(now);
  logger.info('Meeting reminders run', { ...run });
  return run;
});
