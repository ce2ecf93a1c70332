import { MeetingPromoted } from '../../events/meetings';

/** The events the promotion-mail consumer mails about (declarations load this, never the consumer). */
export const meetingMailEventPattern = () => ({
  source: [MeetingPromoted.source],
  'detail-type': [MeetingPromoted.detailType],
});
