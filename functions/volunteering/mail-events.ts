import type { EventDefinition } from '../../events/define-event';
import type { SeatedKind } from '../../events/volunteering';
import {
  TrainingEnrolled,
  TrainingPromoted,
  VolunteerPromoted,
  VolunteerSignedUp,
} from '../../events/volunteering';

/** Why a volunteer gets mail about their seat. */
export type SeatMailPurpose = 'confirmed' | 'promoted' | 'reminder';

/** The events that confirm a seat, and what the mail says for each. */
export const confirmations: readonly {
  definition: EventDefinition;
  kind: SeatedKind;
  purpose: SeatMailPurpose;
}[] = [
  { definition: VolunteerSignedUp, kind: 'shift', purpose: 'confirmed' },
  { definition: VolunteerPromoted, kind: 'shift', purpose: 'promoted' },
  { definition: TrainingEnrolled, kind: 'training', purpose: 'confirmed' },
  { definition: TrainingPromoted, kind: 'training', purpose: 'promoted' },
];

/** The event pattern of the consumer's rule: exactly the events it mails about. */
export const seatMailEventPattern = () => ({
  source: [...new Set(confirmations.map((c) => c.definition.source))],
  'detail-type': confirmations.map((c) => c.definition.detailType),
});
