import { MeetingPromoted, MeetingRegistrationCancelled } from '../../events/meetings';

/** The events the meeting-mail consumer mails about (declarations load this, never the consumer). */
export const meetingMailEventPattern = () => ({
  source: [MeetingPromoted.source],
  'detail-type': [MeetingPromoted.detailType, MeetingRegistrationCancelled.detailType],
});
