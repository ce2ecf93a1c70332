import { join } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import {
  type BundlingOptions,
  NodejsFunction,
  type NodejsFunctionProps,
  OutputFormat,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { TableKeyPolicy } from '../../shared/access/key-spaces';
import { repositoryRoot } from '../config';
import { acknowledge, type NagAcknowledgement } from '../nag';

/** The item actions a function's table policy grants (never Scan, which names no partition). */
const tableReadActions = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
];
const tableWriteActions = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

/**
 * esbuild's ESM output has no `require`; some CommonJS dependencies (the X-Ray SDK under the
 * Powertools tracer) still call it, so the bundle defines one. The alias avoids clashing with a
 * bundled `createRequire` import.
 */
export const esmRequireShim =
  "import { createRequire as __civicCreateRequire } from 'node:module'; const require = __civicCreateRequire(import.meta.url);";

/**
 * How every function is bundled; exported so `bench/` can build exactly what CDK ships. esbuild's
 * target follows the runtime (`node24`).
 */
export const civicBundling = {
  format: OutputFormat.ESM,
  banner: esmRequireShim,
  // Prefer packages' ESM builds so esbuild can tree-shake the AWS SDK.
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  // Line mappings are enough for stack traces; embedding sources would double the asset.
  sourcesContent: false,
  // No externals: the SDK v3 is bundled (and pinned to the version we tested), not taken from the runtime.
  externalModules: [],
  bundleAwsSDK: true,
} as const satisfies BundlingOptions;

export interface CivicFunctionProps
  extends Omit<
    NodejsFunctionProps,
    'entry' | 'runtime' | 'architecture' | 'logGroup' | 'logRetention' | 'role'
  > {
  /** The handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  /** `POWERTOOLS_SERVICE_NAME`: the context or job name, used in logs, traces and metrics. */
  serviceName: string;
  /**
   * How long the function's log group keeps logs.
   * @default RetentionDays.ONE_YEAR
   */
  logRetention?: RetentionDays;
  /**
   * Memory in MB; CPU grows with it, and 512 MB keeps cold starts of a bundled SDK short.
   * @default 512
   */
  memorySize?: number;
  /**
   * @default Duration.seconds(10) — well under API Gateway's 29 s integration timeout.
   */
  timeout?: Duration;
  /**
   * Why the role needs `Resource: *` beyond X-Ray (which always does), for the cdk-nag record.
   * @default - only X-Ray
   */
  otherWildcardResourceUse?: string;
}

/**
 * Every Civic function: the newest Node.js runtime on arm64 (cheaper per GB-second), one
 * minified ESM bundle with source maps and the AWS SDK v3 inside (tree-shaken, and pinned to the
 * version we tested instead of whatever the runtime ships), active tracing, and its own log group
 * with retention (no `logs:CreateLogGroup`, no log group that lives forever).
 *
 * The role is a plain role without the `AWSLambdaBasicExecutionRole` managed policy: it may
 * write to this function's log group only, plus what `bindTable` and other grants add.
 */
export class CivicFunction extends NodejsFunction {
  /** The execution role; exposed so grants and cdk-nag acknowledgements can target it. */
  readonly serviceRole: Role;
  readonly logs: LogGroup;

  constructor(scope: Construct, id: string, props: CivicFunctionProps) {
    const { entry, serviceName, logRetention, bundling, environment, otherWildcardResourceUse, ...rest } =
      props;
    // The log group and role are siblings (a subclass cannot create children before `super`).
    const logs = new LogGroup(scope, `${id}Logs`, {
      retention: logRetention ?? RetentionDays.ONE_YEAR,
      // Logs hold no personal data (see shared/observability) and are kept for audits after a destroy.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const serviceRole = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the Civic ${serviceName} function`,
    });

    super(scope, id, {
      memorySize: 512,
      timeout: Duration.seconds(10),
      description: `Civic ${serviceName}`,
      ...rest,
      entry: join(repositoryRoot, entry),
      projectRoot: repositoryRoot,
      depsLockFilePath: join(repositoryRoot, 'package-lock.json'),
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      tracing: Tracing.ACTIVE,
      loggingFormat: LoggingFormat.JSON,
      logGroup: logs,
      role: serviceRole,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: serviceName,
        POWERTOOLS_METRICS_NAMESPACE: 'Civic',
        ...environment,
      },
      bundling: {
        ...civicBundling,
        mainFields: [...civicBundling.mainFields],
        externalModules: [],
        ...bundling,
      },
    });
    this.serviceRole = serviceRole;
    this.logs = logs;
    logs.grantWrite(serviceRole);

    acknowledge(serviceRole, {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: [
        'Active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions.',
        ...(otherWildcardResourceUse ? [otherWildcardResourceUse] : []),
      ].join(' '),
    });
  }

  /**
   * Gives the function the table: `TABLE_NAME`, and exactly the partitions `policy` names
   * (`tableKeyPolicyOf` in functions/contexts.ts): reads (GetItem, BatchGetItem, Query of the table
   * and its indexes, ConditionCheckItem) and writes (PutItem, UpdateItem, DeleteItem,
   * BatchWriteItem) each under a `dynamodb:LeadingKeys` condition on the partition key the request
   * names — the item's `pk`, or the index's own partition key for a query of an index. No Scan:
   * it names no partition, so no condition could limit it. Plus the use of the table's KMS key.
   * An empty policy still sets `TABLE_NAME`, which every HTTP function's runtime configuration
   * requires, but grants nothing.
   */
  bindTable({ table, policy }: { table: ITable; policy: TableKeyPolicy }): void {
    this.addEnvironment('TABLE_NAME', table.tableName);
    const onPartitions = (patterns: readonly string[]) => ({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...patterns].sort() },
    });
    if (policy.read.length > 0) {
      this.serviceRole.addToPrincipalPolicy(
        new PolicyStatement({
          sid: 'ReadOwnPartitions',
          actions: tableReadActions,
          resources: [table.tableArn, `${table.tableArn}/index/*`],
          conditions: onPartitions(policy.read),
        }),
      );
      table.encryptionKey?.grantDecrypt(this);
    }
    if (policy.write.length > 0) {
      this.serviceRole.addToPrincipalPolicy(
        new PolicyStatement({
          sid: 'WriteOwnPartitions',
          actions: tableWriteActions,
          resources: [table.tableArn],
          conditions: onPartitions(policy.write),
        }),
      );
      table.encryptionKey?.grantEncryptDecrypt(this);
    }
    if (policy.scan)
      this.serviceRole.addToPrincipalPolicy(
        new PolicyStatement({
          sid: 'ScanEveryItem',
          // No condition can limit a Scan to key spaces: only migrations and the retention job,
          // whose work is every item, are given it (`TableKeyPolicy.scan`).
          actions: ['dynamodb:Scan'],
          resources: [table.tableArn],
        }),
      );
    if (policy.read.length === 0) return;
    this.acknowledgeOnRole(
      {
        id: `AwsSolutions-IAM5[Resource::<${this.stack.getLogicalId(table.node.defaultChild as never)}.Arn>/index/*]`,
        reason:
          'Queries use the table’s generic indexes gsi1, gsi2 and gsi3 (the person index), each limited to the function’s own partitions by dynamodb:LeadingKeys; the grant covers exactly this table’s indexes.',
      },
      ...(policy.write.length > 0
        ? [
            {
              id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
              reason:
                'Writing to a table encrypted with a customer-managed key needs the GenerateDataKey family on that one key.',
            },
            {
              id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
              reason:
                'DynamoDB re-encrypts items under the table’s own customer-managed key; the grant names that key only.',
            },
          ]
        : []),
    );
  }

  /** Acknowledges cdk-nag findings on the execution role's policy (where IAM wildcards show up). */
  acknowledgeOnRole(...rules: NagAcknowledgement[]): void {
    acknowledge(this.serviceRole, ...rules);
  }
}
