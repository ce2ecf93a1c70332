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
];
