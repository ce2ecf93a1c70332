import { beforeAll, describe, expect, it } from 'vitest';
import type { EventConsumer, HttpContext, Job } from '../../functions/context';
import {
  eventConsumers,
  httpContexts,
  onceJobs,
  owningContext,
  scheduledJobs,
} from '../../functions/contexts';
import { contextKeySpaces, idempotencyPartition, outboxKeySpace } from '../../shared/access/key-spaces';
import { modulesReachedFrom } from '../support/import-graph';
import { type SynthesizedApp, synthesize } from './civic-app';

// biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation is untyped JSON.
type Json = any;

type Space = keyof typeof contextKeySpaces;

/**
 * What each function may do with the table, stated by hand: the key spaces it reads and writes
 * (`shared/access/key-spaces.ts`), whether it writes the outbox and its routes' idempotency records,
 * and whether it may read the participant-hash secret. The template must grant exactly this.
 * `scan` only for the `retention` job: its work is every item whose retention ends, and IAM cannot
 * limit a Scan to key spaces (the table migrations function is the only other, checked below).
 */
const grants: Record<
  string,
  { reads: Space[]; writes: Space[]; outbox: boolean; secret: boolean; scan?: true }
> = {
  participation: { reads: ['participation'], writes: ['participation'], outbox: true, secret: true },
  'contact-consent': { reads: ['participation'], writes: ['participation'], outbox: true, secret: false },
  surveys: { reads: ['surveys', 'participation'], writes: ['surveys'], outbox: true, secret: true },
  'survey-exports': { reads: ['surveys'], writes: [], outbox: false, secret: false },
  'need-evidence': { reads: ['surveys'], writes: ['surveys'], outbox: true, secret: false },
  mapping: { reads: ['mapping'], writes: ['mapping'], outbox: true, secret: false },
  partnerships: {
    reads: ['partnerships', 'participation'],
    writes: ['partnerships'],
    outbox: true,
    secret: false,
  },
  volunteering: {
    reads: ['volunteering', 'participation'],
    writes: ['volunteering'],
    outbox: true,
    secret: true,
  },
  'volunteer-mail': { reads: ['volunteering'], writes: ['volunteering'], outbox: true, secret: false },
  'shift-reminders': { reads: ['volunteering'], writes: ['volunteering'], outbox: true, secret: false },
  'seat-holds': { reads: ['volunteering'], writes: ['volunteering'], outbox: true, secret: false },
  impact: { reads: ['impact'], writes: [], outbox: false, secret: false },
  'activity-ledger': { reads: ['impact'], writes: ['impact'], outbox: true, secret: false },
  'impact-consent': { reads: ['impact'], writes: ['impact'], outbox: true, secret: false },
  'impact-summary': {
    reads: ['impact', 'participation', 'volunteering', 'partnerships', 'evaluation'],
    writes: ['impact'],
    outbox: true,
    secret: false,
  },
  digests: {
    reads: ['digest', 'impact', 'participation', 'volunteering', 'partnerships', 'evaluation', 'petitions'],
    writes: [],
    outbox: false,
    secret: false,
  },
  digest: {
    reads: ['digest', 'impact', 'participation', 'volunteering', 'partnerships', 'evaluation', 'petitions'],
    writes: ['digest', 'impact', 'evaluation'],
    outbox: true,
    secret: false,
  },
  evaluation: {
    reads: ['evaluation', 'participation', 'volunteering'],
    writes: ['evaluation'],
    outbox: true,
    secret: false,
  },
  platform: { reads: [], writes: [], outbox: false, secret: false },
  privacy: { reads: ['privacy'], writes: ['privacy'], outbox: true, secret: true },
  // Export, erasure and withdrawal go through every context's published holder.
  'privacy-requests': {
    reads: [
      'privacy',
      'participation',
      'surveys',
      'volunteering',
      'impact',
      'evaluation',
      'partnerships',
      'batches',
      'meetings',
      'petitions',
    ],
    writes: [
      'privacy',
      'participation',
      'surveys',
      'volunteering',
      'impact',
      'evaluation',
      'partnerships',
      'batches',
      'meetings',
      'petitions',
    ],
    outbox: true,
    secret: false,
  },
  'consent-ledger': { reads: ['privacy'], writes: ['privacy'], outbox: true, secret: false },
  meetings: { reads: ['meetings', 'participation'], writes: ['meetings'], outbox: true, secret: true },
  'meeting-mail': { reads: ['meetings'], writes: ['meetings'], outbox: true, secret: false },
  'meeting-reminders': { reads: ['meetings'], writes: ['meetings'], outbox: true, secret: false },
  'meeting-seat-holds': { reads: ['meetings'], writes: ['meetings'], outbox: true, secret: false },
  petitions: { reads: ['petitions', 'participation'], writes: ['petitions'], outbox: true, secret: true },
  'petition-answer-mail': { reads: ['petitions'], writes: ['petitions'], outbox: true, secret: false },
  'petition-schedules': { reads: [], writes: [], outbox: false, secret: false },
  'petition-deadline': { reads: ['petitions'], writes: ['petitions'], outbox: true, secret: false },
  batches: {
    reads: ['batches', 'surveys', 'participation', 'meetings', 'petitions'],
    writes: ['batches'],
    outbox: true,
    secret: true,
  },
  'batch-commit': {
    reads: ['batches', 'surveys', 'participation', 'privacy', 'meetings', 'petitions'],
    writes: ['batches', 'surveys', 'participation', 'meetings', 'petitions'],
    outbox: true,
    secret: false,
  },
  retention: {
    reads: [
      'privacy',
      'participation',
      'surveys',
      'volunteering',
      'impact',
      'evaluation',
      'partnerships',
      'batches',
      'meetings',
      'petitions',
    ],
    writes: [
      'privacy',
      'participation',
      'surveys',
      'volunteering',
      'impact',
      'evaluation',
      'partnerships',
      'batches',
      'meetings',
      'petitions',
    ],
    outbox: true,
    secret: false,
    scan: true,
  },
};

const itemActions =
  /^dynamodb:(GetItem|BatchGetItem|Query|Scan|ConditionCheckItem|PutItem|UpdateItem|DeleteItem|BatchWriteItem|\*)$/;

const declared: readonly (HttpContext | EventConsumer | Job)[] = [
  ...httpContexts,
  ...eventConsumers,
  ...scheduledJobs,
  ...onceJobs,
];

function writeOperations(fn: HttpContext | EventConsumer | Job): string[] {
  return 'routes' in fn
    ? fn.routes.filter((route) => route.method !== 'GET').map((route) => route.operationId)
    : [];
}

describe('least privilege on the table', () => {
  let civic: SynthesizedApp;
  let statementsOf: (serviceName: string) => Json[];

  beforeAll(() => {
    civic = synthesize();
    const functions = Object.values(civic.template.findResources('AWS::Lambda::Function')) as Json[];
    const policies = Object.values(civic.template.findResources('AWS::IAM::Policy')) as Json[];
    statementsOf = (serviceName) => {
      const fn = functions.find(
        (f) => f.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === serviceName,
      );
      const role = fn?.Properties.Role['Fn::GetAtt'][0];
      return policies
        .filter((policy) => policy.Properties.Roles.some((r: { Ref: string }) => r.Ref === role))
        .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    };
  });

  const actionsOf = (statement: Json): string[] => [statement.Action].flat();
  const leadingKeys = (statement: Json): string[] =>
    statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] ?? [];

  it('states a grant for every function the contexts declare', () => {
    expect(Object.keys(grants).sort()).toEqual(declared.map((fn) => fn.name).sort());
  });

  it.each(declared.map((fn) => [fn.name, fn] as const))(
    'grants %s exactly its partitions, a scan only if stated and never another unconditioned item action',
    (name, fn) => {
      // Prepare
      const grant = grants[name] as (typeof grants)[string];
      const operations = writeOperations(fn).map(idempotencyPartition);
      const patterns = (spaces: Space[]) => spaces.flatMap((space): string[] => [...contextKeySpaces[space]]);
      const expectedReads = [...patterns(grant.reads), ...operations].sort();
      const expectedWrites = [
        ...patterns(grant.writes),
        ...(grant.outbox ? [outboxKeySpace] : []),
        ...operations,
      ].sort();

      // Act
      const statements = statementsOf(name).filter((statement) =>
        actionsOf(statement).some((action) => itemActions.test(action)),
      );
      const scans = statements.filter((statement) => actionsOf(statement).includes('dynamodb:Scan'));
      const itemStatements = statements.filter((statement) => !scans.includes(statement));
      const reads = itemStatements.filter((statement) => actionsOf(statement).includes('dynamodb:Query'));
      const writes = itemStatements.filter((statement) => actionsOf(statement).includes('dynamodb:PutItem'));
      const secret = statementsOf(name).some((statement) =>
        actionsOf(statement).includes('secretsmanager:GetSecretValue'),
      );

      // Assess
      for (const statement of itemStatements) {
        expect(actionsOf(statement)).not.toContain('dynamodb:*');
        expect(leadingKeys(statement).length).toBeGreaterThan(0);
      }
      // A scan reads keys of every context: granted alone, on the table and none of its indexes.
      expect(scans.map(actionsOf)).toEqual(grant.scan ? [['dynamodb:Scan']] : []);
      for (const statement of scans) expect(JSON.stringify(statement.Resource)).not.toContain('/index/');
      expect(reads.flatMap(leadingKeys).sort()).toEqual(expectedReads);
      expect(writes.flatMap(leadingKeys).sort()).toEqual(expectedWrites);
      for (const statement of writes) expect(JSON.stringify(statement.Resource)).not.toContain('/index/');
      expect(secret).toBe(grant.secret);
    },
  );

  it('limits the table migrations function to named partitions too, besides its scan', () => {
    // Act
    const statements = statementsOf('table-migrations').filter((statement) =>
      actionsOf(statement).some((action) => itemActions.test(action)),
    );
    const scans = statements.filter((statement) => actionsOf(statement).includes('dynamodb:Scan'));
    const itemStatements = statements.filter((statement) => !scans.includes(statement));

    // Assess
    // A migration reshapes every item of a kind, wherever it lies: like the retention job, it scans.
    expect(scans.map(actionsOf)).toEqual([['dynamodb:Scan']]);
    expect(itemStatements.length).toBe(2);
    for (const statement of itemStatements) {
      expect(actionsOf(statement)).not.toContain('dynamodb:Scan');
      expect(leadingKeys(statement)).toContain('MIGRATIONS');
    }
  });
});

describe('declared table use, against what the code imports', () => {
  it.each(declared.map((fn) => [fn.name, fn] as const))(
    '%s declares exactly the published modules it reaches, and hashes only if it can',
    (_name, fn) => {
      // Prepare
      const own = owningContext(fn)?.name;

      // Act
      const reached = modulesReachedFrom(fn.entry);
      const publishedReached = [...reached]
        .flatMap((module) => /^functions\/([^/]+)\/published\.ts$/.exec(module)?.[1] ?? [])
        .filter((context) => context !== own)
        .sort();

      // Assess
      expect(Object.keys(fn.publishedFrom ?? {}).sort()).toEqual(publishedReached);
      expect(fn.hashesParticipants === true).toBe(reached.has('shared/config/secrets.ts'));
    },
  );
});
