import { CfnOutput, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { EventConsumer, HttpContext, OnceJob, ScheduledJob } from '../functions/context';
import { onceJobsScheduledBy } from '../functions/contexts';
import type { PersonalDataDeclaration } from '../shared/privacy/personal-data';
import { type CivicConfig, CivicConfigError, mailIdentity, slugOf } from './config';
import { DataTable } from './constructs/data-table';
import { DomainEvents } from './constructs/domain-events';
import { HttpApi, requestPathPrefixes } from './constructs/http-api';
import { Mail } from './constructs/mail';
import { ParticipantHashSecret } from './constructs/participant-hash-secret';
import { PrivacyExports } from './constructs/privacy-exports';
import { ScheduledJobs } from './constructs/scheduled-jobs';
import { StaffIdentity } from './constructs/staff-identity';
import { TableMigrations } from './constructs/table-migrations';
import { WebAcl } from './constructs/web-acl';
import { configEnvironment } from './function-environment';

export interface CivicStackProps extends StackProps {
  config: CivicConfig;
  /** The HTTP contexts to deploy (normally `httpContexts`). */
  httpContexts: readonly HttpContext[];
  /** The event consumers to deploy (normally `eventConsumers`). */
  eventConsumers: readonly EventConsumer[];
  /** The scheduled jobs to deploy (normally `scheduledJobs`). */
  scheduledJobs: readonly ScheduledJob[];
  /** The jobs only one-time schedules run (normally `onceJobs`). @default [] */
  onceJobs?: readonly OnceJob[];
  /** Every entity's personal-data declaration (normally every context's `personalData`). */
  personalData: readonly PersonalDataDeclaration[];
}

/** Refuses a `reservedConcurrency` entry that names no function, which would otherwise do nothing. */
function assertKnownFunctionNames(config: CivicConfig, props: CivicStackProps): void {
  const names = [
    ...props.httpContexts,
    ...props.eventConsumers,
    ...props.scheduledJobs,
    ...(props.onceJobs ?? []),
  ].map((fn) => fn.name);
  const unknown = Object.keys(config.reservedConcurrency).filter((name) => !names.includes(name));
  if (unknown.length > 0)
    throw new CivicConfigError(
      unknown.map(
        (name) => `reservedConcurrency.${name}: no function has this name (functions: ${names.join(', ')})`,
      ),
      'configuration',
    );
}

/**
 * Refuses a `privacy.retentionDays` or `privacy.legalBasis` entry for an entity no context
 * declares: a misspelt `Votes` would leave votes at their default while the city's record says
 * otherwise.
 */
function assertKnownRetentionEntities(config: CivicConfig, props: CivicStackProps): void {
  const entities = props.personalData.map((declaration) => declaration.entity);
  const unknown = (['retentionDays', 'legalBasis'] as const).flatMap((setting) =>
    Object.keys(config.privacy[setting])
      .filter((entity) => !entities.includes(entity))
      .map((entity) => `privacy.${setting}.${entity}`),
  );
  if (unknown.length > 0)
    throw new CivicConfigError(
      unknown.map(
        (path) =>
          `${path}: no entity of this name keeps personal data (entities: ${[...entities].sort().join(', ')})`,
      ),
      'configuration',
    );
}

/**
 * One municipality's Civic: the table, the staff directory, the API with its WAF, and the event
 * bus. One stack, because every part is deployed and versioned together from one commit and the
 * stateful resources (table, key, secret, user pool) are retained on destroy anyway; only the
 * API's methods and models sit in nested stacks, one per context, to stay inside CloudFormation's
 * 500 resources per stack (`HttpApi`, docs/deploy.md).
 */
export class CivicStack extends Stack {
  readonly data: DataTable;
  readonly staff: StaffIdentity;
  readonly http: HttpApi;
  readonly events: DomainEvents;
  readonly webAcl: WebAcl;
  readonly mail: Mail;
  readonly jobs: ScheduledJobs;

  constructor(scope: Construct, id: string, props: CivicStackProps) {
    super(scope, id, props);
    const { config } = props;
    assertKnownFunctionNames(config, props);
    assertKnownRetentionEntities(config, props);
    const slug = slugOf(config.municipality);
    // The config schema only admits values that CloudWatch Logs accepts.
    const logRetention = config.logRetentionDays as RetentionDays;
    Tags.of(this).add('civic:municipality', slug);

    this.data = new DataTable(this, 'Data', { slug });
    const participantHashKey = new ParticipantHashSecret(this, 'ParticipantHashKey', {
      encryptionKey: this.data.key,
    });
    this.staff = new StaffIdentity(this, 'Staff', {
      municipality: config.municipality,
      slug,
      ...(config.existingUserPoolId ? { existingUserPoolId: config.existingUserPoolId } : {}),
      hostedSignIn: config.staffSignIn,
    });

    this.http = new HttpApi(this, 'Http', {
      config,
      slug,
      contexts: props.httpContexts,
      table: this.data.table,
      participantHashKey,
      userPool: this.staff.userPool,
      userPoolClientId: this.staff.client.userPoolClientId,
      logRetention,
    });
    this.webAcl = new WebAcl(this, 'Firewall', {
      slug,
      stage: this.http.api.deploymentStage,
      rateLimit: config.wafRateLimit,
      routes: props.httpContexts.flatMap((context) => context.routes),
      routeRateLimits: config.rateLimits,
      pathPrefixes: requestPathPrefixes(config),
      // As for API Gateway's own error responses: only a single origin can be named.
      ...(config.allowedOrigins.length === 1 ? { allowOrigin: config.allowedOrigins[0] } : {}),
      logging: config.wafLogging,
      logRetention,
    });

    this.mail = new Mail(this, 'Mail', {
      slug,
      senderAddress: config.senderAddress,
      identity: mailIdentity(config),
      createIdentity: config.mail.createIdentity,
    });
    for (const context of props.httpContexts) {
      const fn = this.http.functions.get(context.name);
      if (context.mails && fn) this.mail.allowSending(fn);
    }

    // Mail from consumers and jobs links to the API as the HTTP functions know it.
    const backgroundEnvironment = {
      ...configEnvironment(config),
      PUBLIC_API_BASE_URL: this.http.publicBaseUrl,
    };

    this.events = new DomainEvents(this, 'Events', {
      slug,
      table: this.data.table,
      consumers: props.eventConsumers,
      archiveRetentionDays: config.eventArchiveRetentionDays,
      logRetention,
      mail: this.mail,
      environment: backgroundEnvironment,
      reservedConcurrency: config.reservedConcurrency,
    });

    // Residents' exports: made by the `privacy-requests` consumer, downloaded through `privacy`.
    const exportWriter = this.events.consumers.get('privacy-requests');
    const exportReader = this.http.functions.get('privacy');
    if (exportWriter || exportReader) {
      const exports = new PrivacyExports(this, 'PrivacyExports', { encryptionKey: this.data.key });
      if (exportWriter) exports.allowWriting(exportWriter);
      if (exportReader) exports.allowReading(exportReader);
    }

    this.jobs = new ScheduledJobs(this, 'Jobs', {
      slug,
      jobs: props.scheduledJobs,
      onceJobs: props.onceJobs ?? [],
      table: this.data.table,
      timeZone: config.timeZone,
      mail: this.mail,
      logRetention,
      environment: backgroundEnvironment,
      reservedConcurrency: config.reservedConcurrency,
    });

    // One-time schedules: each function that declares `schedulesJobs` may schedule those once-jobs.
    const onceJobs = props.onceJobs ?? [];
    const scheduling = [
      ...props.httpContexts.map((fn) => [fn, this.http.functions.get(fn.name)] as const),
      ...props.eventConsumers.map((fn) => [fn, this.events.consumers.get(fn.name)] as const),
      ...[...props.scheduledJobs, ...onceJobs].map((fn) => [fn, this.jobs.functions.get(fn.name)] as const),
    ];
    for (const [declaration, fn] of scheduling) {
      if (fn && declaration.schedulesJobs?.length)
        this.jobs.allowScheduling(fn, onceJobsScheduledBy(declaration, onceJobs));
    }

    new TableMigrations(this, 'Migrations', {
      table: this.data.table,
      logRetention,
      environment: configEnvironment(config),
      after: [
        ...this.http.functions.values(),
        ...this.events.consumers.values(),
        ...this.jobs.functions.values(),
      ],
    });

    new CfnOutput(this, 'ApiUrl', { value: this.http.api.url, description: 'Base URL of the Civic API' });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'EventBusName', { value: this.events.bus.eventBusName });
    new CfnOutput(this, 'UserPoolId', { value: this.staff.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.staff.client.userPoolClientId });
    new CfnOutput(this, 'MailConfigurationSet', {
      value: this.mail.configurationSet.configurationSetName,
      description: 'The SES configuration set every Civic message goes through',
    });
    new CfnOutput(this, 'ScheduleGroupName', { value: this.jobs.group.scheduleGroupName });
  }
}
