import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { z } from 'zod';
import { createBusPublisher } from '../../shared/events/bus-publisher';
import { withPowertoolsChain } from '../../shared/lambda/powertools-chain';
import { outboxEventOf } from './dynamo-outbox-records';

/** Its only setting, parsed at cold start (the publisher has no table to work on, only its stream). */
const config = () => z.object({ EVENT_BUS_NAME: z.string().min(1) }).parse(process.env);
const publish = createBusPublisher(config().EVENT_BUS_NAME);
const processor = new BatchProcessor(EventType.DynamoDBStreams);

/**
 * Table stream → EventBridge. The event source mapping filters on `OUTBOX#` inserts, so this
 * runs only for domain events; partial batch responses retry just the records that failed.
 */
export const handler = withPowertoolsChain(
  middy<DynamoDBStreamEvent, DynamoDBBatchResponse, Error, Context>(
    (event: DynamoDBStreamEvent, context: Context) =>
      processPartialResponse(
        event,
        async (record: DynamoDBRecord) => {
          const domainEvent = outboxEventOf(record);
          if (domainEvent) await publish(domainEvent);
        },
        processor,
        { context },
      ),
  ),
  () => undefined,
  config,
);
