/**
 * Every key in the table is built here, and only here. `docs/data-model.md` lists each entity's
 * key shape and each access pattern; keep the two in step.
 *
 * Conventions: `ENTITY#id` segments; `#META` is an entity's own item under its partition;
 * IDs are ULIDs, so sorting by an ID sorts by creation time.
 */

const META = '#META';

export interface PrimaryKey {
  pk: string;
  sk: string;
}

export const keys = {
  initiative: (initiativeId: string): PrimaryKey => ({ pk: `INITIATIVE#${initiativeId}`, sk: META }),
  /** gsi1: every initiative, newest last. */
  initiativeList: (initiativeId: string) => ({ gsi1pk: 'INITIATIVES', gsi1sk: initiativeId }),
  initiativeListPartition: () => ({ gsi1pk: 'INITIATIVES' }),

  engagement: (engagementId: string): PrimaryKey => ({ pk: `ENGAGEMENT#${engagementId}`, sk: META }),
  /** gsi1: every engagement; gsi2: the engagements of one initiative. */
  engagementList: (engagementId: string, initiativeId: string) => ({
    gsi1pk: 'ENGAGEMENTS',
    gsi1sk: engagementId,
    ...linkedToInitiative(initiativeId, 'ENGAGEMENT', engagementId),
  }),
  engagementListPartition: () => ({ gsi1pk: 'ENGAGEMENTS' }),

  contribution: (contributionId: string): PrimaryKey => ({ pk: `CONTRIBUTION#${contributionId}`, sk: META }),
  /**
   * gsi1 holds only published contributions (a sparse index: hiding one removes these
   * attributes). Top-level contributions list under their engagement, replies under their parent.
   */
  publishedContribution: (engagementId: string, contributionId: string, parentId: string | undefined) => ({
    gsi1pk: parentId ? `CONTRIBUTION#${parentId}#REPLIES` : `ENGAGEMENT#${engagementId}#CONTRIBUTIONS`,
    gsi1sk: contributionId,
  }),
  publishedContributionsPartition: (engagementId: string, parentId: string | undefined) => ({
    gsi1pk: parentId ? `CONTRIBUTION#${parentId}#REPLIES` : `ENGAGEMENT#${engagementId}#CONTRIBUTIONS`,
  }),
  /** gsi2: every contribution of an engagement whatever its status (the moderation queue). */
  contributionModerationQueue: (engagementId: string, status: string, contributionId: string) => ({
    gsi2pk: `ENGAGEMENT#${engagementId}#MODERATION`,
    gsi2sk: `${status}#${contributionId}`,
  }),

  /** A vote lives in its contribution's partition; one item per participant makes "one vote each" a key. */
  vote: (contributionId: string, participantHash: string): PrimaryKey => ({
    pk: `CONTRIBUTION#${contributionId}`,
    sk: `VOTE#${participantHash}`,
  }),
  moderationRecord: (contributionId: string, recordId: string): PrimaryKey => ({
    pk: `CONTRIBUTION#${contributionId}`,
    sk: `MODERATION#${recordId}`,
  }),

  asset: (assetId: string): PrimaryKey => ({ pk: `ASSET#${assetId}`, sk: META }),
  /**
   * Approved assets, on the map. gsi1 holds them all, sorted `<category>#<assetId>` so a category
   * is a `begins_with`; gsi2 holds them per neighbourhood with the same sort key. Both are sparse:
   * a pending or rejected asset has no approved-list attributes.
   */
  approvedAsset: (assetId: string, category: string, neighbourhood: string) => ({
    gsi1pk: 'ASSETS#APPROVED',
    gsi1sk: `${category}#${assetId}`,
    gsi2pk: `ASSETS#APPROVED#NEIGHBOURHOOD#${neighbourhoodKey(neighbourhood)}`,
    gsi2sk: `${category}#${assetId}`,
  }),
  approvedAssetsPartition: () => ({ gsi1pk: 'ASSETS#APPROVED' }),
  approvedAssetsInNeighbourhoodPartition: (neighbourhood: string) => ({
    gsi2pk: `ASSETS#APPROVED#NEIGHBOURHOOD#${neighbourhoodKey(neighbourhood)}`,
  }),
  /** The sort-key prefix that selects one category in either approved list. */
  assetCategoryPrefix: (category: string) => `${category}#`,
  /** gsi1: residents' suggestions waiting for a coordinator, oldest first. */
  pendingAsset: (assetId: string) => ({ gsi1pk: 'ASSETS#PENDING', gsi1sk: assetId }),
  pendingAssetsPartition: () => ({ gsi1pk: 'ASSETS#PENDING' }),

  /** A survey's own item; its versions and responses share its partition. */
  survey: (surveyId: string): PrimaryKey => ({ pk: `SURVEY#${surveyId}`, sk: META }),
  /** Versions sort in order; four digits keep `VERSION#0010` after `VERSION#0009`. */
  surveyVersion: (surveyId: string, version: number): PrimaryKey => ({
    pk: `SURVEY#${surveyId}`,
    sk: `VERSION#${String(version).padStart(4, '0')}`,
  }),

  /** Responses live in their survey's partition, so results are one query of that partition. */
  surveyResponse: (surveyId: string, responseId: string): PrimaryKey => ({
    pk: `SURVEY#${surveyId}`,
    sk: `RESPONSE#${responseId}`,
  }),
  surveyResponsePrefix: () => 'RESPONSE#',

  need: (needId: string): PrimaryKey => ({ pk: `NEED#${needId}`, sk: META }),
  /** Links an evidence survey to the needs that count its answers; lives in the survey's partition. */
  needEvidenceLink: (surveyId: string, needId: string, evidenceIndex: number): PrimaryKey => ({
    pk: `SURVEY#${surveyId}`,
    sk: `NEEDLINK#${needId}#${evidenceIndex}`,
  }),
  needEvidenceLinkPrefix: () => 'NEEDLINK#',
  /** Marks one response as counted for one evidence item, so counting is exactly once. */
  needCountedResponse: (needId: string, evidenceIndex: number, responseId: string): PrimaryKey => ({
    pk: `NEED#${needId}`,
    sk: `COUNTED#${evidenceIndex}#${responseId}`,
  }),

  /** A domain event waiting in the table's stream to be published (see `shared/db/outbox.ts`). */
  outboxEvent: (eventId: string): PrimaryKey => ({ pk: `OUTBOX#${eventId}`, sk: 'EVENT' }),

  /** Powertools idempotency records, one partition per operation. */
  idempotency: (operationId: string) => ({ pk: `IDEMPOTENCY#${operationId}` }),
};

/**
 * gsi2 links any record to its initiative (`INITIATIVE#id` → `TYPE#id`), so engagements,
 * surveys, opportunities and partnerships of one initiative are a single query each.
 */
export function linkedToInitiative(initiativeId: string, type: string, id: string) {
  return { gsi2pk: `INITIATIVE#${initiativeId}`, gsi2sk: `${type}#${id}` };
}

/** The prefix the outbox publisher's stream filter matches on. */
export const outboxKeyPrefix = 'OUTBOX#';

/**
 * A neighbourhood as a key segment: case and spacing do not split one neighbourhood in two, and
 * URI-encoding keeps a `#` in a name from reading as a key separator.
 */
function neighbourhoodKey(neighbourhood: string): string {
  return encodeURIComponent(neighbourhood.trim().replace(/\s+/g, ' ').toLowerCase());
}
