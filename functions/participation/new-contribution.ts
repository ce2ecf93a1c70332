import { ContributionSubmitted } from '../../events/participation';
import { ConsentRecorded } from '../../events/privacy';
import type { Channel } from '../../shared/domain/channel';
import { type DomainEvent, domainEvent } from '../../shared/domain/domain-event';
import { newId } from '../../shared/domain/ids';
import { normalizeEmail } from '../../shared/domain/participant';
import { consentWordingVersion } from '../../shared/privacy/consents';
import type { ContributionInput, StoredEngagement } from './schemas';
import type { StoredContribution } from './store';

/** Who entered a staff-entered contribution, and from which batch row. */
export interface ContributionProvenance {
  batchId: string;
  rowNumber: number;
  enteredBy: string;
  collectedAt: string;
}

export interface NewContribution {
  input: ContributionInput;
  engagement: Pick<StoredEngagement, 'engagementId' | 'initiativeId' | 'moderation'>;
  contributionId: string;
  createdAt: string;
  channel: Channel;
  /** The keyed hash of the participant's address, when one was given. */
  participantHash?: string | undefined;
  /** Staff-entered contributions only. */
  provenance?: ContributionProvenance;
}

/**
 * A contribution as stored, with the events written in its transaction: `ContributionSubmitted`,
 * and the consent to be contacted for the ledger (the privacy context) when the author gave it.
 * The web route and batches' idea intake both build theirs here, so a paper idea is stored and
 * counted exactly as a web one.
 */
export function newContribution(spec: NewContribution): {
  contribution: StoredContribution & { provenance?: ContributionProvenance };
  events: DomainEvent[];
} {
  const { participant, channel: _public, ...content } = spec.input;
  const hash = participant ? spec.participantHash : undefined;
  const { engagement } = spec;
  const contribution: StoredContribution & { provenance?: ContributionProvenance } = {
    ...content,
    contributionId: spec.contributionId,
    engagementId: engagement.engagementId,
    initiativeId: engagement.initiativeId,
    status: engagement.moderation === 'pre' ? 'pending' : 'published',
    voteCount: 0,
    replyCount: 0,
    createdAt: spec.createdAt,
    channel: spec.channel,
    ...(spec.provenance ? { provenance: spec.provenance } : {}),
    ...(hash ? { participantHash: hash } : {}),
    // Minimisation: no mail ever goes to a contribution's author unasked, so the address and
    // name are kept only for an author who agreed to be contacted; the hash alone serves dedupe
    // and counting.
    ...(participant?.consentToContact
      ? {
          contact: {
            email: normalizeEmail(participant.email),
            consentToContact: true,
            ...(participant.name ? { name: participant.name } : {}),
          },
        }
      : {}),
  };
  const submitted = domainEvent(ContributionSubmitted, {
    eventId: newId(),
    occurredAt: contribution.createdAt,
    contributionId: contribution.contributionId,
    engagementId: engagement.engagementId,
    initiativeId: engagement.initiativeId,
    kind: contribution.kind,
    status: contribution.status,
    ...(contribution.parentId ? { parentId: contribution.parentId } : {}),
    ...(hash ? { participantHash: hash } : {}),
    channel: contribution.channel,
  });
  const consent =
    hash && contribution.contact
      ? [
          domainEvent(ConsentRecorded, {
            eventId: newId(),
            occurredAt: contribution.createdAt,
            participantHash: hash,
            purpose: 'contact',
            wordingVersion: consentWordingVersion('contact'),
            channel: contribution.channel,
            context: 'participation',
          }),
        ]
      : [];
  return { contribution, events: [submitted, ...consent] };
}
