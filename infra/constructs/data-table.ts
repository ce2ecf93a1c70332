import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { AnyPrincipal, Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { tableDefinition } from '../../shared/db/table';

export interface DataTableProps {
  /** Names the KMS key alias: `alias/civic-<slug>-data`. */
  slug: string;
}

/**
 * The single table, built from `tableDefinition` (the same constant DynamoDB Local is created
 * from), so keys, indexes, TTL and the stream cannot drift between the cloud and a laptop.
 *
 * Everything here is kept on `cdk destroy`: the table (deletion protection and RETAIN) and the
 * key that encrypts it, without which the table and its backups are unreadable.
 */
export class DataTable extends Construct {
  readonly table: Table;
  /** Customer-managed key for the table and its stream (and the participant hash secret). */
  readonly key: Key;

  constructor(scope: Construct, id: string, props: DataTableProps) {
    super(scope, id);
    const { partitionKey, sortKey, globalSecondaryIndexes, timeToLiveAttribute, streamViewType } =
      tableDefinition;

    this.key = new Key(this, 'Key', {
      description: 'Civic data: the single table, its stream and backups',
      enableKeyRotation: true,
      alias: `alias/civic-${props.slug}-data`,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Only AWS services make grants on the key (DynamoDB does, for the table): a grant is a way
    // round the key policy, so no person or function may create one (Control Tower CT.KMS.PR.3).
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'GrantsOnlyForAwsServices',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        conditions: {
          BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' },
        },
      }),
    );

    this.table = new Table(this, 'Table', {
      partitionKey: { name: partitionKey, type: AttributeType.STRING },
      sortKey: { name: sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute,
      stream: StreamViewType[streamViewType],
    });

    for (const index of globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      });
    }
  }
}
