import { ledgerEventPattern } from './impact/projections';
import { seatMailEventPattern } from './volunteering/mail-events';

/**
 * Functions that react to domain events on the bus. Each entry's `eventPattern` is used verbatim
 * by the CDK rule and by the local bus (`infra/local/`), so both route the same events.
 *
 * Consumers must be idempotent (EventBridge delivers at least once): deduplicate on `detail.eventId`.
 */
export interface EventConsumer {
  name: string;
  /** Handler module relative to the repository root, exporting `handler(event: EventBridgeEvent)`. */
  entry: string;
  /** An EventBridge event pattern (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html). */
  eventPattern: { source?: string[]; 'detail-type'?: string[]; detail?: Record<string, unknown> };
  tableAccess: 'none' | 'read' | 'readWrite';
  /**
   * Whether the consumer sends mail: CDK grants it SES through the configuration set and sets
   * `MAIL_FROM`/`MAIL_CONFIGURATION_SET`; the local stack gives it the outbox. Send with
   * `mailerFromEnvironment()` (`shared/mailer/from-environment.ts`).
   */
  mails?: boolean;
}

export const eventConsumers: readonly EventConsumer[] = [
  {
    name: 'need-evidence',
    entry: 'functions/surveys/need-evidence-consumer.ts',
    eventPattern: {
      source: ['civic.surveys', 'civic.needs'],
      'detail-type': ['SurveyResponseSubmitted', 'NeedDefined'],
    },
    tableAccess: 'readWrite',
  },
  {
    name: 'activity-ledger',
    entry: 'functions/impact/ledger-consumer.ts',
    // Exactly the events the ledger projects (functions/impact/ledger.ts), so a new projection
    // is routed here without a second list to keep in step.
    eventPattern: ledgerEventPattern(),
    tableAccess: 'readWrite',
  },
  {
    name: 'volunteer-mail',
    entry: 'functions/volunteering/mail-consumer.ts',
    // Sign-ups and promotions to a seat: each gets a confirmation with a calendar invite.
    eventPattern: seatMailEventPattern(),
    tableAccess: 'readWrite',
    mails: true,
  },
];
