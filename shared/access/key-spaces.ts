/**
 * Which partitions of the single table belong to which context: every partition key value a
 * context writes or queries — the table's `pk`, and `gsi1pk`/`gsi2pk` of the indexes — matches one
 * of its patterns, and no other context's. A pattern is an exact value (`INITIATIVES`) or a prefix
 * ending in `*` (`INITIATIVE#*`), the syntax of IAM's `StringLike`.
 *
 * CDK turns these into each function's `dynamodb:LeadingKeys` conditions (its own context's space
 * read/write, the spaces of the contexts whose published reads it calls read-only); the local stack
 * checks the same rules on every request (`shared/db/key-guard.ts`). `shared/db/keys.ts` builds the
 * keys; `test/unit/access/key-spaces.test.ts` checks that every key it builds falls in exactly one space.
 *
 * Imports nothing: CDK and the declarations load it. It stands apart from `shared/db` because it
 * says who may use which partitions; it stores and reads nothing.
 */
export const contextKeySpaces = {
  participation: [
    'INITIATIVE#*',
    'INITIATIVES',
    'ENGAGEMENT#*',
    'ENGAGEMENTS',
    'CONTRIBUTION#*',
    'VOTE#*',
    'PARTICIPATION#PERSON#*',
  ],
  mapping: ['ASSET#*', 'ASSETS#*'],
  surveys: ['SURVEY#*', 'SURVEYS#*', 'NEED#*'],
  partnerships: [
    'PARTNERSHIP#*',
    'PARTNERSHIPS',
    'PARTNERSHIPS#*',
    'PARTNERSHIP_HISTORY#*',
    'PARTNER_CONTRIBUTIONS#*',
    'ORGANIZATION#*',
    'ORGANIZATIONS',
    'ORGANIZATIONS#*',
    'DIRECTORY',
    'DIRECTORY#*',
  ],
  volunteering: [
    'VOLUNTEERING#*',
    'OPPORTUNITY#*',
    'OPPORTUNITIES',
    'OPPORTUNITY-SKILL#*',
    'SHIFT#*',
    'SHIFTS-ON#*',
    'TRAINING#*',
    'TRAININGS-ON#*',
    'TRAINING-SESSIONS',
    'SIGNUP#*',
    'ENROLMENT#*',
    'HOLDS-DUE#*',
    'VOLUNTEER#*',
    'VERIFIED-HOURS#*',
  ],
  meetings: [
    'MEETING#*',
    'MEETINGS',
    'MEETINGS#*',
    'MEETING-REGISTRATION#*',
    'MEETING-HOLDS-DUE#*',
    'MEETING-ATTENDANCE#*',
  ],
  petitions: ['PETITION#*', 'PETITIONS', 'PETITIONS#*', 'PETITION-SIGNATURE#*'],
  impact: ['ACTIVITY#*', 'PARTICIPANT#*', 'SUMMARY#*', 'IMPACT#PERSON#*'],
  evaluation: [
    'EVALUATION#*',
    'INDICATOR#*',
    'INDICATORS',
    'FEEDBACK#*',
    'DIGEST_SUBSCRIPTION#*',
    'DIGEST_SUBSCRIPTIONS',
    'DIGEST_SUBSCRIPTIONS#*',
    'DIGEST_ADDRESS#*',
  ],
  digest: ['DIGEST#*'],
  // Staff-entered batches (paper, phone, events) and their rows; what they commit is written by
  // the owning context's published intake, in that context's space. Uncommitted rows naming a
  // person are in the person index (gsi3 `BATCHES#PERSON#<hash>`), for export and erasure.
  batches: ['BATCH#*', 'BATCHES', 'BATCHES#PERSON#*'],
  // Privacy requests, the consent ledger and erasure tombstones, by keyed identity; and the person
  // index of the outbox (gsi3 `OUTBOX#PERSON#<hash>`), so an erasure finds the events naming the
  // person (it deletes them with the outbox write every writer has).
  privacy: ['PRIVACY#*', 'OUTBOX#PERSON#*'],
  // Markers of finished table migrations (`shared/db/migrations/run.ts`): the platform's HTTP
  // function uses no table; only the migrations function is given this partition.
  platform: ['MIGRATIONS'],
} as const satisfies Record<string, readonly string[]>;

export type KeySpaceContext = keyof typeof contextKeySpaces;

/**
 * Partitions every writing function shares: the outbox (each context's events, keyed by event ID)
 * and, per route, the idempotency records of that route's operation (`IDEMPOTENCY#<operationId>`).
 */
export const outboxKeySpace = 'OUTBOX#*';
export const idempotencyPartition = (operationId: string) => `IDEMPOTENCY#${operationId}`;

/** Whether a partition key value matches a pattern (exact, or a prefix ending in `*`). */
export function matchesKeyPattern(value: string, pattern: string): boolean {
  return pattern.endsWith('*') ? value.startsWith(pattern.slice(0, -1)) : value === pattern;
}

/** The context whose space holds a partition key value, if any. */
export function keySpaceOf(value: string): KeySpaceContext | undefined {
  return (Object.keys(contextKeySpaces) as KeySpaceContext[]).find((context) =>
    contextKeySpaces[context].some((pattern: string) => matchesKeyPattern(value, pattern)),
  );
}

/**
 * The partitions one function may read and write: what IAM grants it (`dynamodb:LeadingKeys`,
 * `infra/constructs/civic-function.ts`) and what the local stack allows it (`key-guard.ts`).
 */
export interface TableKeyPolicy {
  /** Patterns the function may read (GetItem, Query of the table or an index, ConditionCheck). */
  read: string[];
  /** Patterns the function may write (PutItem, UpdateItem, DeleteItem). */
  write: string[];
  /**
   * Whether it may scan the whole table: IAM cannot limit a Scan to key spaces, so only the
   * functions whose work is "every item" get it (table migrations, the `retention` job).
   */
  scan?: boolean;
}

export interface TableKeyPolicyInput {
  /** The context the function belongs to; a name without a key space gets none of its own. */
  context: string;
  tableAccess: 'none' | 'read' | 'readWrite';
  publishedFrom?: Readonly<Partial<Record<string, 'read' | 'readWrite'>>>;
  /** The operation IDs of the function's write routes: their idempotency records are its own. */
  idempotentOperations?: readonly string[];
  /** See `TableKeyPolicy.scan`. */
  scansTable?: boolean;
}

function spaceOf(context: string): readonly string[] {
  return (contextKeySpaces as Record<string, readonly string[]>)[context] ?? [];
}

export function tableKeyPolicy(input: TableKeyPolicyInput): TableKeyPolicy {
  const read = new Set<string>();
  const write = new Set<string>();
  if (input.tableAccess !== 'none') for (const pattern of spaceOf(input.context)) read.add(pattern);
  if (input.tableAccess === 'readWrite') {
    for (const pattern of spaceOf(input.context)) write.add(pattern);
    // Every writer records its domain events in the outbox, in the same transaction as the change.
    write.add(outboxKeySpace);
  }
  for (const [context, access] of Object.entries(input.publishedFrom ?? {})) {
    for (const pattern of spaceOf(context)) {
      read.add(pattern);
      if (access === 'readWrite') write.add(pattern);
    }
    if (access === 'readWrite') write.add(outboxKeySpace);
  }
  for (const operationId of input.idempotentOperations ?? []) {
    read.add(idempotencyPartition(operationId));
    write.add(idempotencyPartition(operationId));
  }
  return { read: [...read], write: [...write], ...(input.scansTable ? { scan: true } : {}) };
}

/**
 * The one function that reshapes every context's items between releases
 * (`shared/db/migrations/`): all partitions, read and write, each still named by a
 * `dynamodb:LeadingKeys` condition, so even it cannot scan.
 */
export function migrationKeyPolicy(): TableKeyPolicy {
  const every = Object.values(contextKeySpaces).flatMap((patterns): string[] => [...patterns]);
  return { read: every, write: every, scan: true };
}
