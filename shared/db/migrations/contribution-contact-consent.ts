import { keys } from '../keys';
import type { TableMigration } from './run';
import { queryAll, updateIfStill } from './support';

/**
 * Minimisation (issue 13): a contribution keeps its author's address and name only when they
 * consented to be contacted. Releases before it stored `contact` whatever the consent, and nothing
 * ever read it; this removes the contact of every contribution whose `consentToContact` is false.
 * The `participantHash` stays, so "one vote each" and unique-participant counts are unchanged.
 *
 * Finds them without a scan: every engagement (gsi1 `ENGAGEMENTS`), then its moderation queue
 * (gsi2, every contribution whatever its status), filtered to those holding a refused consent.
 * Each removal is conditional on the consent still being false, so a rerun changes nothing.
 */
export const contributionContactConsentMigration: TableMigration = {
  id: '0002-contribution-contact-consent',
  description: 'Removes the contact details of contributions whose author did not consent to be contacted',
  async run({ client, tableName, log }) {
    let removed = 0;
    const engagements = queryAll(client, {
      TableName: tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :list',
      ExpressionAttributeValues: { ':list': keys.engagementListPartition().gsi1pk },
      ProjectionExpression: 'gsi1sk',
    });
    for await (const engagement of engagements) {
      const contributions = queryAll(client, {
        TableName: tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :queue',
        FilterExpression: 'contact.consentToContact = :refused',
        ExpressionAttributeValues: {
          ':queue': keys.contributionModerationQueuePartition(String(engagement.gsi1sk)).gsi2pk,
          ':refused': false,
        },
        ProjectionExpression: 'pk, sk',
      });
      for await (const contribution of contributions) {
        const changed = await updateIfStill(client, {
          TableName: tableName,
          Key: { pk: contribution.pk, sk: contribution.sk },
          UpdateExpression: 'REMOVE contact',
          ConditionExpression: 'contact.consentToContact = :refused',
          ExpressionAttributeValues: { ':refused': false },
        });
        if (changed) removed += 1;
      }
    }
    // A count only: never which contributions, let alone whose.
    log(`removed the contact details of ${removed} contribution(s) without consent to contact`);
  },
};
