import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { exportKeptDays } from '../../shared/storage/export-lifecycle';
import { guardRule } from '../guard';
import { acknowledge } from '../nag';
import type { CivicFunction } from './civic-function';

export interface PrivacyExportsProps {
  /** Encrypts the exports: the data key, so one key policy governs all resident data. */
  encryptionKey: IKey;
}

/**
 * Where residents' privacy exports lie between being made (the `privacy-requests` consumer) and
 * being downloaded (the `privacy` function, through the emailed link): KMS, no public
 * access, TLS only, no versions, and every object gone 4 days after it was written, a day after
 * the last link to it lapses (72 h).
 */
export class PrivacyExports extends Construct {
  readonly bucket: Bucket;
  private readonly encryptionKey: IKey;

  constructor(scope: Construct, id: string, props: PrivacyExportsProps) {
    super(scope, id);
    this.encryptionKey = props.encryptionKey;
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.KMS,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: false,
      lifecycleRules: [
        {
          id: 'expire-exports',
          expiration: Duration.days(exportKeptDays),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      // As the table: kept when the stack goes (its objects expire on their own within 4 days).
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const noAccessLogs =
      'Exports are read only through the privacy function behind API Gateway, whose access logs and function logs record every download; server access logs would add a second bucket of request records naming residents’ export keys for no added audit value.';
    // An export is a disposable copy that must vanish: versions or a lock would keep a person's
    // data past its 4 days (and past an erasure), which is what this bucket exists to avoid.
    acknowledge(
      this.bucket,
      { id: 'AwsSolutions-S1', reason: noAccessLogs },
      { id: guardRule('s3_bucket_logging_enabled_check'), reason: `CT.S3.PR.2: ${noAccessLogs}` },
      {
        id: guardRule('s3_bucket_versioning_enabled_check'),
        reason:
          'CT.S3.PR.11: exports are copies made again on request; a noncurrent version would keep a person’s data after the lifecycle rule deletes the export.',
      },
      {
        id: guardRule('s3_bucket_object_lock_enabled_check'),
        reason:
          'CT.S3.PR.9: Object Lock would stop the 4-day expiry that keeps exports from outliving their links; exports are copies, not records to preserve.',
      },
      {
        id: guardRule('s3_event_notifications_enabled_check'),
        reason:
          'CT.S3.PR.4: nothing reacts to an export being written or read; the consumer that writes it mails its link itself, and downloads go through the API.',
      },
    );
  }

  /** The consumer that makes exports: `EXPORT_BUCKET`, `PutObject` and the key to encrypt with. */
  allowWriting(fn: CivicFunction): void {
    this.allow(fn, 's3:PutObject', 'kms:GenerateDataKey');
  }

  /** The function that serves downloads: `EXPORT_BUCKET`, `GetObject` and the key to decrypt with. */
  allowReading(fn: CivicFunction): void {
    this.allow(fn, 's3:GetObject', 'kms:Decrypt');
  }

  /**
   * One object action on the bucket's objects and one key action, nothing more (no listing, no
   * bucket settings: CDK's `grantRead`/`grantPut` would add `List*`, `GetBucket*`, `Abort*`).
   */
  private allow(fn: CivicFunction, objectAction: string, keyAction: string): void {
    fn.addToRolePolicy(
      new PolicyStatement({ actions: [objectAction], resources: [this.bucket.arnForObjects('*')] }),
    );
    this.encryptionKey.grant(fn, keyAction);
    fn.addEnvironment('EXPORT_BUCKET', this.bucket.bucketName);
    const bucket = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnBucket);
    // On the role, whose default policy holds the statement.
    acknowledge(fn.serviceRole, {
      id: `AwsSolutions-IAM5[Resource::<${bucket}.Arn>/*]`,
      reason:
        'Each export is its own object, named by its request ID when the request runs: the policy can name only the bucket’s objects, and this bucket holds nothing but exports.',
    });
  }
}
