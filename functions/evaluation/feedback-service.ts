import { FeedbackGiven } from '../../events/evaluation';
import { domainEvent } from '../../shared/domain/domain-event';
import { InvalidFieldError } from '../../shared/domain/errors';
import { newId } from '../../shared/domain/ids';
import type { PageRequest } from '../../shared/domain/page';
import type { Feedback, FeedbackInput } from './schemas';
import type { EvaluationStore, InitiativeExists, SubjectInitiative } from './store';

/**
 * Residents' ratings of meetings, shifts and engagements. Routes call these; they call the store.
 * Initiatives, shifts and engagements are other contexts' records, read through `ports`.
 */
export function feedbackService(
  store: EvaluationStore,
  ports: { initiativeExists: InitiativeExists; subjectInitiative: SubjectInitiative },
  clock: () => Date = () => new Date(),
) {
  /**
   * The initiative the feedback counts towards. A shift or an engagement is Civic's own record, so
   * it must exist and names its initiative; a meeting lives in the city's calendar, so the form
   * names the initiative and only that is checked.
   */
  async function initiativeOf(input: FeedbackInput): Promise<string> {
    const { kind, id } = input.about;
    if (kind === 'meeting') {
      const initiativeId = input.initiativeId as string;
      if (!(await ports.initiativeExists(initiativeId)))
        throw new InvalidFieldError('body.initiativeId', 'No initiative with this ID.');
      return initiativeId;
    }
    const initiativeId = await ports.subjectInitiative(kind, id);
    if (!initiativeId) throw new InvalidFieldError('body.about.id', `No ${kind} with this ID.`);
    if (input.initiativeId && input.initiativeId !== initiativeId)
      throw new InvalidFieldError('body.initiativeId', `This ${kind} belongs to another initiative.`);
    return initiativeId;
  }

  return {
    async giveFeedback(input: FeedbackInput): Promise<Feedback> {
      const feedback: Feedback = {
        feedbackId: newId(),
        initiativeId: await initiativeOf(input),
        about: input.about,
        rating: input.rating,
        ...(input.comment ? { comment: input.comment } : {}),
        givenAt: clock().toISOString(),
        // A resident's own rating: public routes never take the channel from the body.
        channel: 'web',
      };
      // The comment is free text a resident may sign: it stays in the table, out of the event.
      const event = domainEvent(FeedbackGiven, {
        eventId: newId(),
        occurredAt: feedback.givenAt,
        feedbackId: feedback.feedbackId,
        initiativeId: feedback.initiativeId,
        about: feedback.about,
        rating: feedback.rating,
        channel: feedback.channel,
      });
      await store.addFeedback(feedback, event);
      return feedback;
    },

    listFeedback: (initiativeId: string, page: PageRequest) => store.listFeedback(initiativeId, page),
  };
}
