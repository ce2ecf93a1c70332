import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { z } from 'zod';
import { logger, tracer } from '../../shared/observability/powertools';
import { publishOutboxRecord } from './publish';

const { EVENT_BUS_NAME } = z.object({ EVENT_BUS_NAME: z.string().min(1) }).parse(process.env);
const eventBridge = tracer.captureAWSv3Client(new EventBridgeClient({}));
const processor = new BatchProcessor(EventType.DynamoDBStreams);

/**
 * Table stream → EventBridge. The event source mapping filters on `OUTBOX#` inserts, so this
 * runs only for domain events; partial batch responses retry just the records that failed.
 */
export const handler = async (event: DynamoDBStreamEvent, context: Context) => {
  logger.addContext(context);
  return processPartialResponse(
    event,
    (record: DynamoDBRecord) => publishOutboxRecord(record, eventBridge, EVENT_BUS_NAME),
    processor,
    {
      context,
    },
  );
};
