import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventConsumers, httpContexts, onceJobs, scheduledJobs } from '../../functions/contexts';
import { type SynthesizedApp, synthesize, testConfig } from './civic-app';

const run = promisify(execFile);
const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

// biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation is untyped JSON.
type Resource = { Type: string; Properties: Record<string, any> };

/**
 * One per HTTP context, the outbox publisher, the table migrations, one per event consumer and one
 * per scheduled job or once-job. (CDK's own provider behind the migrations trigger is not a Civic function.)
 */
const functionCount =
  httpContexts.length + 2 + eventConsumers.length + scheduledJobs.length + onceJobs.length;

describe('functions', () => {
  let civic: SynthesizedApp;
  let functions: Resource[];

  beforeAll(() => {
    civic = synthesize();
    functions = (Object.values(civic.template.findResources('AWS::Lambda::Function')) as Resource[]).filter(
      (fn) => fn.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME !== undefined,
    );
  });

  const environmentOf = (serviceName: string) =>
    functions.find((fn) => fn.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === serviceName)
      ?.Properties.Environment.Variables as Record<string, unknown> | undefined;

  it('runs every function on nodejs24.x, arm64, with active tracing and 512 MB', () => {
    // Prepare
    const expected = {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      MemorySize: 512,
      Handler: 'index.handler',
    };

    // Act
    const properties = functions.map((fn) => fn.Properties);

    // Assess
    expect(properties.length).toBe(functionCount);
    for (const fn of properties) expect(fn).toMatchObject(expected);
  });

  it('uses the newest Node.js runtime aws-cdk-lib knows', () => {
    // Prepare
    const version = (name: string) => Number(/^nodejs(\d+)/.exec(name)?.[1] ?? 0);

    // Act
    const newest = Runtime.ALL.filter((runtime) => runtime.name.startsWith('nodejs')).sort(
      (a, b) => version(b.name) - version(a.name),
    )[0];

    // Assess
    expect(newest?.name).toBe('nodejs24.x');
  });

  it('gives each function its own log group with the configured retention', () => {
    // Prepare
    const logGroupIds = functions.map((fn) => fn.Properties.LoggingConfig.LogGroup.Ref);

    // Act
    const logGroups = civic.template.findResources('AWS::Logs::LogGroup');

    // Assess
    for (const id of logGroupIds) expect(logGroups[id]?.Properties.RetentionInDays).toBe(365);
  });

  it('sets the runtime configuration every HTTP function reads', () => {
    // Prepare
    const expected = {
      ALLOWED_ORIGINS: 'https://www.example.gov',
      THANK_YOU_URLS: 'https://www.example.gov/merci/',
      LOCALES: 'fr,en',
      MAX_BODY_BYTES: '65536',
      IDEMPOTENCY_TTL_SECONDS: '86400',
      POWERTOOLS_METRICS_NAMESPACE: 'Civic',
      NODE_OPTIONS: '--enable-source-maps',
      TABLE_NAME: expect.anything(),
    };

    // Act
    const environments = httpContexts.map((context) => environmentOf(context.name));

    // Assess
    for (const environment of environments) expect(environment).toMatchObject(expected);
  });

  it('hands the participant hash secret only to contexts that hash residents’ addresses', () => {
    // Prepare
    const writers = httpContexts
      .filter((context) => context.hashesParticipants)
      .map((context) => context.name);

    // Act
    const withSecret = httpContexts
      .filter((context) => environmentOf(context.name)?.PARTICIPANT_HASH_KEY_SECRET_ARN !== undefined)
      .map((context) => context.name);

    // Assess
    expect(withSecret).toEqual(writers);
  });

  it('grants the platform function no table or secret access', () => {
    // Prepare
    const roleOf = (serviceName: string) =>
      functions.find((fn) => fn.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === serviceName)
        ?.Properties.Role['Fn::GetAtt'][0];
    const platformRole = roleOf('platform');

    // Act
    const policies = Object.values(civic.template.findResources('AWS::IAM::Policy')).filter((policy) =>
      policy.Properties.Roles.some((role: { Ref: string }) => role.Ref === platformRole),
    );

    // Assess
    const actions = JSON.stringify(policies.map((policy) => policy.Properties.PolicyDocument));
    expect(actions).not.toMatch(/dynamodb:|secretsmanager:|kms:/);
    expect(actions).toContain('logs:PutLogEvents');
  });

  it('tells only the functions with optionalStaff routes which user pool and client sign staff tokens, granting nothing more', () => {
    // Prepare
    const [poolId] = Object.keys(civic.template.findResources('AWS::Cognito::UserPool'));
    const [clientId] = Object.keys(civic.template.findResources('AWS::Cognito::UserPoolClient'));
    const verifying = httpContexts
      .filter((context) => context.routes.some((route) => route.auth === 'optionalStaff'))
      .map((context) => context.name);

    // Act
    const told = httpContexts.map((context) => ({
      context: context.name,
      pool: environmentOf(context.name)?.STAFF_USER_POOL_ID,
      client: environmentOf(context.name)?.STAFF_USER_POOL_CLIENT_ID,
    }));
    const policies = JSON.stringify(
      Object.values(civic.template.findResources('AWS::IAM::Policy')).map(
        (policy) => policy.Properties.PolicyDocument,
      ),
    );

    // Assess
    expect(verifying).toEqual(['mapping', 'meetings']);
    for (const { context, pool, client } of told) {
      if (verifying.includes(context)) {
        expect(pool, context).toEqual({ Ref: poolId });
        expect(client, context).toEqual({ Ref: clientId });
      } else {
        expect([pool, client], context).toEqual([undefined, undefined]);
      }
    }
    // The pool's JWKS is public HTTPS: no Cognito permission is needed to verify its tokens.
    expect(policies).not.toContain('cognito-idp:');
  });

  describe('bundling', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'civic-bundle-'));

    afterAll(() => {
      rmSync(outdir, { recursive: true, force: true });
    });

    it('bundles each handler as minified ESM with the require shim and source maps', async () => {
      // Act
      await run(process.execPath, ['--import', 'tsx', 'test/infra/fixtures/synth-bundled.ts', outdir], {
        cwd: repositoryRoot,
      });

      // Assess
      // The city's stack, not one of its nested route stacks (`*.nested.template.json`).
      const stackFile = readdirSync(outdir).find(
        (file) => file.endsWith('.template.json') && !file.endsWith('.nested.template.json'),
      );
      const template = JSON.parse(readFileSync(join(outdir, stackFile ?? 'missing'), 'utf8')) as {
        Resources: Record<string, Resource>;
      };
      const codeKeys = Object.values(template.Resources)
        .filter(
          (resource) =>
            resource.Type === 'AWS::Lambda::Function' &&
            resource.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME !== undefined,
        )
        .map((resource) => resource.Properties.Code.S3Key as string);
      expect(codeKeys).toHaveLength(functionCount);
      for (const key of codeKeys) {
        const directory = join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
        const code = readFileSync(join(directory, 'index.mjs'), 'utf8');
        expect(code.startsWith("import { createRequire as __civicCreateRequire } from 'node:module';")).toBe(
          true,
        );
        expect(code).toContain('//# sourceMappingURL=index.mjs.map');
        // Minified: lines run to thousands of characters.
        expect(code.length / code.split('\n').length).toBeGreaterThan(1000);
        expect(readFileSync(join(directory, 'index.mjs.map'), 'utf8')).not.toContain('"sourcesContent"');
      }
    }, 600_000);
  });
});

describe('reserved concurrency', () => {
  it('reserves each function its declaration’s concurrency unless the city names another, or none', () => {
    // Prepare
    const civic = synthesize({ ...testConfig, reservedConcurrency: { participation: 200, digest: null } });
    const functions = Object.values(civic.template.findResources('AWS::Lambda::Function')) as Resource[];
    const reserved = (serviceName: string) =>
      functions.find((fn) => fn.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === serviceName)
        ?.Properties.ReservedConcurrentExecutions;

    // Act
    const actual = {
      participation: reserved('participation'),
      surveys: reserved('surveys'),
      platform: reserved('platform'),
      consumer: reserved('activity-ledger'),
      job: reserved('impact-summary'),
      digest: reserved('digest'),
      migrations: reserved('table-migrations'),
    };

    // Assess
    expect(actual).toEqual({
      participation: 200,
      surveys: 50,
      platform: 10,
      consumer: 5,
      job: 2,
      digest: undefined,
      migrations: 1,
    });
  });

  it('refuses a setting for a function that does not exist', () => {
    expect(() => synthesize({ ...testConfig, reservedConcurrency: { partcipation: 100 } })).toThrow(
      /reservedConcurrency\.partcipation: no function has this name/,
    );
  });
});
