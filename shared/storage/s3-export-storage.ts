import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { tracer } from '../observability/powertools';
import type { ExportStorage } from './export-storage';

/**
 * Exports in the bucket CDK makes for them (`infra/constructs/privacy-exports.ts`): encrypted with
 * its KMS key by the bucket's default, and expired by its lifecycle rule after 4 days, a day
 * after the last link to them lapses.
 */
export function s3ExportStorage(
  bucket: string,
  client = tracer.captureAWSv3Client(new S3Client({})),
): ExportStorage {
  return {
    async put(key, body) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: 'application/json; charset=utf-8',
        }),
      );
    },
    async get(key) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return await object.Body?.transformToString('utf-8');
      } catch (error) {
        if (error instanceof NoSuchKey) return undefined;
        throw error;
      }
    },
  };
}
