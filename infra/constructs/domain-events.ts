import { Duration, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type Archive, EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type EventConsumer, reservedConcurrencyOf } from '../../functions/context';
import { tableKeyPolicyOf } from '../../functions/contexts';
import { outboxStreamFilterPattern } from '../../shared/db/outbox';
import { guardRule } from '../guard';
import { acknowledge } from '../nag';
import { CivicFunction } from './civic-function';
import type { Mail } from './mail';
import { pascal } from './naming';

export interface DomainEventsProps {
  slug: string;
  table: ITable;
  consumers: readonly EventConsumer[];
  archiveRetentionDays: number;
  logRetention: RetentionDays;
  /** Consumers registered with `mails: true` send through it. */
  mail: Mail;
  /**
   * Runtime settings every consumer reads (`infra/function-environment.ts`).
   * @default {}
   */
  environment?: Record<string, string>;
  /** The city's reserved concurrency per function name (`reservedConcurrency` in the configuration). */
  reservedConcurrency?: Readonly<Record<string, number | null>>;
}

/**
 * Where failures wait for a person: encrypted, TLS only, kept for the SQS maximum of 14 days.
 * A DLQ has no DLQ of its own, which SQS3 recognises and Serverless-SQSRedrivePolicy and
 * Control Tower's CT.SQS.PR.1 do not.
 */
export function deadLetterQueue(scope: Construct, id: string): Queue {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  const isTheDlq =
    'This queue is itself the dead-letter queue; messages that land here are inspected and redriven by an operator.';
  acknowledge(
    queue,
    { id: 'Serverless-SQSRedrivePolicy', reason: isTheDlq },
    { id: guardRule('sqs_dlq_check'), reason: `CT.SQS.PR.1: ${isTheDlq}` },
  );
  return queue;
}

/**
 * Nothing lost between a write and its subscribers: the table's stream feeds the outbox publisher
 * (only `OUTBOX#` inserts reach it, thanks to the event-source filter), which puts each event on
 * the municipality's bus; the bus archives everything for replay, and each registered consumer
 * gets a rule with retries and a DLQ.
 */
export class DomainEvents extends Construct {
  readonly bus: EventBus;
  readonly archive: Archive;
  readonly publisher: CivicFunction;
  /** Stream batches the publisher gave up on (their shard and sequence numbers, for a redrive). */
  readonly publisherDeadLetters: Queue;
  readonly consumers: ReadonlyMap<string, CivicFunction>;

  constructor(scope: Construct, id: string, props: DomainEventsProps) {
    super(scope, id);

    this.bus = new EventBus(this, 'Bus', { eventBusName: `civic-${props.slug}` });
    this.archive = this.bus.archive('Archive', {
      archiveName: `civic-${props.slug}`,
      description: 'Every Civic domain event, for replay after a consumer bug or outage',
      eventPattern: { account: [Stack.of(this).account] },
      retention: Duration.days(props.archiveRetentionDays),
    });

    this.publisher = new CivicFunction(this, 'OutboxPublisher', {
      entry: 'functions/outbox-publisher/handler.ts',
      serviceName: 'outbox-publisher',
      logRetention: props.logRetention,
      timeout: Duration.seconds(30),
      environment: { EVENT_BUS_NAME: this.bus.eventBusName },
      otherWildcardResourceUse:
        'Reading the table stream also needs dynamodb:ListStreams, which has none either.',
    });
    this.bus.grantPutEventsTo(this.publisher);

    this.publisherDeadLetters = deadLetterQueue(this, 'OutboxPublisherDlq');
    acknowledge(this.publisherDeadLetters, {
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is the on-failure destination of the outbox stream event source mapping, a DLQ use the rule does not detect.',
    });
    this.publisher.addEventSource(
      new DynamoEventSource(props.table, {
        // Start from the oldest record kept: events written before the first deployment finished still go out.
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        bisectBatchOnError: true,
        retryAttempts: 10,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.publisherDeadLetters),
        filters: [FilterCriteria.filter(outboxStreamFilterPattern)],
      }),
    );
    acknowledge(this.publisher, {
      id: 'Serverless-LambdaDLQ',
      reason:
        'Invoked synchronously by the stream event source mapping, whose on-failure destination (an SQS DLQ) receives what fails; a function DLQ would never be used.',
    });

    this.consumers = new Map(
      props.consumers.map((consumer) => [consumer.name, this.addConsumer(consumer, props)]),
    );
  }

  /**
   * One rule and function per consumer. EventBridge invokes the function asynchronously: delivery
   * failures are retried by EventBridge, function errors by Lambda (twice); whatever still fails,
   * on either side, lands in the consumer's DLQ with the original event.
   */
  private addConsumer(consumer: EventConsumer, props: DomainEventsProps): CivicFunction {
    const id = pascal(consumer.name);
    const deadLetters = deadLetterQueue(this, `${id}Dlq`);
    const fn = new CivicFunction(this, `${id}Consumer`, {
      entry: consumer.entry,
      serviceName: consumer.name,
      logRetention: props.logRetention,
      timeout: Duration.seconds(consumer.timeoutSeconds ?? 30),
      reservedConcurrentExecutions: reservedConcurrencyOf(
        consumer,
        'consumer',
        props.reservedConcurrency ?? {},
      ),
      deadLetterQueue: deadLetters,
      environment: { ...props.environment },
    });
    fn.bindTable({ table: props.table, policy: tableKeyPolicyOf(consumer) });
    if (consumer.mails) props.mail.allowSending(fn);

    const { source, 'detail-type': detailType, detail } = consumer.eventPattern;
    new Rule(this, `${id}Rule`, {
      eventBus: this.bus,
      description: `Routes events to the ${consumer.name} consumer`,
      eventPattern: {
        ...(source ? { source } : {}),
        ...(detailType ? { detailType } : {}),
        ...(detail ? { detail } : {}),
      },
      targets: [
        new LambdaFunction(fn, {
          deadLetterQueue: deadLetters,
          retryAttempts: 8,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });
    return fn;
  }
}
