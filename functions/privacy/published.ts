import type { PersonalDataHolder } from '../../shared/privacy/person';
import { dynamoPrivacyRequestStore } from './dynamo-store';
import { erasureTombstoneDeclaration, privacyRequestDeclaration } from './schemas';

/**
 * Whether a person was erased at their own request (a tombstone holds their keyed identity):
 * a later import (a paper batch) must not bring their address back.
 */
export const isErased = (participantHash: string): Promise<boolean> =>
  dynamoPrivacyRequestStore.isErased(participantHash);

const mine = new Set([privacyRequestDeclaration.entity, erasureTombstoneDeclaration.entity]);

/**
 * The requests' part of the privacy context's holder (the consent ledger is the other,
 * `consent-ledger.ts`). A request is about its person only while it runs, and forgets the address
 * and keyed identity when it completes, so there is nothing to export or erase here; the
 * retention job hands it requests that never completed (anonymised: the DPO's record stays) and
 * tombstones whose retention has ended (deleted).
 */
export const privacyRequestsHolder: PersonalDataHolder = {
  context: 'privacy',
  personalDataOf: async () => [],
  erasePerson: async () => {},
  applyRetention: (due) =>
    dynamoPrivacyRequestStore.applyRetention(due.filter((item) => mine.has(item.type))),
};
