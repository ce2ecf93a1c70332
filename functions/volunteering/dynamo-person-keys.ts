import { ConsentRecorded } from '../../events/privacy';
import { personIndexKeys } from '../../shared/db/keys';
import { type DomainEvent, domainEvent } from '../../shared/domain/domain-event';
import { newId } from '../../shared/domain/ids';
import { consentWordingVersion } from '../../shared/privacy/consents';
import { retentionAttributes } from '../../shared/privacy/retention';
import { volunteeringDeclarationOf } from './schemas';

/**
 * What every volunteering item about a person carries besides its own fields: its retention (from
 * its entity's declaration, counted from `writtenAt`), the keyed identity and the person index
 * (gsi3), so export, erasure and the `retention` job find it.
 */
export function personalAttributes(
  item: { type: string; pk: string; sk: string },
  participantHash: string,
  writtenAt: string,
) {
  return {
    participantHash,
    ...personIndexKeys('volunteering', participantHash, item),
    ...retentionAttributes(volunteeringDeclarationOf(item.type), new Date(writtenAt)),
  };
}

/**
 * The consent ledger's record of a volunteer agreeing to be contacted, raised in the write that
 * counts their claim: at once on an `open` activity, at the emailed confirmation on an `email`
 * one (before it, nobody has shown the address is theirs).
 */
export function contactConsentEvent(participantHash: string, at: string): DomainEvent {
  return domainEvent(ConsentRecorded, {
    eventId: newId(),
    occurredAt: at,
    participantHash,
    purpose: 'contact',
    wordingVersion: consentWordingVersion('contact'),
    channel: 'web',
    context: 'volunteering',
  });
}
