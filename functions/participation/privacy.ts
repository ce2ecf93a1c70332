import type { PersonalDataHolder, PersonalRecords } from '../../shared/privacy/person';

/**
 * Participation's part in residents' privacy: what the person index (gsi3) finds of a person —
 * their contributions, their votes and their votes' confirmations — read out for an export,
 * erased on request, ended when its retention does, and stripped of contact details when they
 * withdraw their consent to be contacted. This file decides what happens to each item; the
 * store (`dynamo-privacy-store.ts`) makes each change one conditional write, so a repeated or
 * interrupted run changes nothing twice.
 */

export type ItemKey = { pk: string; sk: string };

/** A participation item as the person index finds it (the raw item, keys included). */
export type PersonItem = ItemKey & Record<string, unknown>;

export interface ParticipationPrivacyStore {
  /** The person's items in participation's gsi3 partition, all pages (expired ones only under `includingExpired`). */
  itemsOf(participantHash: string): Promise<PersonItem[]>;
  /** One item by key (expired ones only under `includingExpired`). */
  itemAt(key: ItemKey): Promise<PersonItem | undefined>;
  /** The titles of these contributions (absent: gone, erased or a comment). */
  contributionTitles(contributionIds: readonly string[]): Promise<Map<string, string>>;
  /** The titles of these engagements, in every language they have. */
  engagementTitles(engagementIds: readonly string[]): Promise<Map<string, Record<string, string>>>;
  /**
   * Takes the author out of their contribution, which stays (its votes and replies count): title,
   * body and contact go, `removed` says why; `hidden` also drops it from the public lists. Only
   * while it still names `participantHash`.
   */
  eraseContribution(
    key: ItemKey,
    participantHash: string,
    at: { erasedAt: string; hidden: boolean },
  ): Promise<void>;
  /**
   * Moves a counted vote to the anonymous key `VOTE#<anonymousId>` in one transaction (delete the
   * person's key, put the same vote without identity), so the tally stays true. On condition that
   * the item is as `expected` says (its person, or its retention's end).
   */
  rekeyCountedVote(vote: PersonItem, anonymousId: string, expected: Expected): Promise<void>;
  /** Deletes an item on condition that it is as `expected` says. */
  deleteItem(key: ItemKey, expected: Expected): Promise<void>;
  /** Ends a contribution's retention in place: identity and contact go, the text stays (`survivesAnonymisation`). */
  anonymiseContribution(key: ItemKey, expiresAt: number): Promise<void>;
  /** Removes the contact details of a contribution written before `withdrawnAt`, marking `consentToContact: false`. */
  removeContact(key: ItemKey, withdrawnAt: string): Promise<void>;
  /** Runs `work` with reads that see items past their retention. */
  includingExpired<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * What a conditional write expects of the item: that it still names this person (in this state),
 * or that its retention is still the one found due (a rewrite since then moved it on).
 */
export type Expected =
  | { participantHash: string; status?: 'pending' | 'counted' }
  | { expiresAt: number; retention: 'delete' | 'anonymise' };

export interface ParticipationPrivacyOptions {
  /** `marked` (stays in lists as removed) or `hidden` (drops out of public lists): `ERASED_CONTRIBUTIONS`. */
  erasedContributions: () => 'marked' | 'hidden';
  /** The language whose engagement titles the export shows first (the API's first locale). */
  language: () => string;
  /** A fresh random ID: the anonymous key of a vote whose retention ended. */
  newId: () => string;
}

type Flat = Record<string, string | number | boolean | null>;

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const count = (value: unknown): number => (typeof value === 'number' ? value : 0);
const instantOf = (epochSeconds: unknown): string | null =>
  typeof epochSeconds === 'number' ? new Date(epochSeconds * 1000).toISOString() : null;

/** A localised title in the preferred language, else the first one it has. */
function titleIn(title: Record<string, string> | undefined, language: string): string | null {
  if (!title) return null;
  return title[language] ?? Object.values(title)[0] ?? null;
}

const byType = (items: readonly PersonItem[], type: string) => items.filter((item) => item.type === type);

export function participationPrivacy(store: ParticipationPrivacyStore, options: ParticipationPrivacyOptions) {
  async function personalDataOf(participantHash: string): Promise<PersonalRecords[]> {
    const items = await store.itemsOf(participantHash);
    const contributions = byType(items, 'Contribution');
    const votes = byType(items, 'Vote');
    const confirmations = byType(items, 'VoteConfirmation');
    const engagements = await store.engagementTitles([
      ...new Set(contributions.map((item) => String(item.engagementId))),
    ]);
    const votedFor = await store.contributionTitles([
      ...new Set([...votes, ...confirmations].map((item) => String(item.contributionId))),
    ]);
    const language = options.language();

    const contributionRecords = contributions.map((item): Flat => {
      const contact = item.contact as
        | { email?: string; name?: string; consentToContact?: boolean }
        | undefined;
      return {
        contributionId: text(item.contributionId),
        engagementId: text(item.engagementId),
        engagementTitle: titleIn(engagements.get(String(item.engagementId)), language),
        kind: text(item.kind),
        parentId: text(item.parentId),
        title: text(item.title),
        body: text(item.body),
        language: text(item.language),
        status: text(item.status),
        createdAt: text(item.createdAt),
        voteCount: count(item.voteCount),
        replyCount: count(item.replyCount),
        contactEmail: text(contact?.email),
        contactName: text(contact?.name),
        consentToContact:
          contact?.consentToContact ?? (item.consentToContact as boolean | undefined) ?? false,
      };
    });
    const voteRecords = votes.map(
      (item): Flat => ({
        contributionId: text(item.contributionId),
        contributionTitle: votedFor.get(String(item.contributionId)) ?? null,
        status: text(item.status) ?? 'counted',
        assurance: text(item.assurance),
        castAt: text(item.castAt),
        requestedAt: text(item.requestedAt),
      }),
    );
    const confirmationRecords = confirmations.map(
      (item): Flat => ({
        contributionId: text(item.contributionId),
        contributionTitle: votedFor.get(String(item.contributionId)) ?? null,
        requestedAt: text(item.requestedAt),
        linkLapsedAt: instantOf(item.lapsesAt),
        confirmedAt: text(item.confirmedAt),
      }),
    );
    return [
      { entity: 'Contribution', records: contributionRecords },
      { entity: 'Vote', records: voteRecords },
      { entity: 'VoteConfirmation', records: confirmationRecords },
    ].filter((entity) => entity.records.length > 0);
  }

  const holder: PersonalDataHolder = {
    context: 'participation',

    personalDataOf: (person) => personalDataOf(person.participantHash),

    erasePerson: (person, { erasedAs, now }) =>
      store.includingExpired(async () => {
        const participantHash = person.participantHash;
        const hidden = options.erasedContributions() === 'hidden';
        for (const item of await store.itemsOf(participantHash)) {
          const key = { pk: item.pk, sk: item.sk };
          if (item.type === 'Contribution')
            await store.eraseContribution(key, participantHash, { erasedAt: now.toISOString(), hidden });
          else if (item.type === 'Vote' && item.status !== 'pending')
            // Counted: it stays in the tally under a key that names no one.
            await store.rekeyCountedVote(item, `ERASED#${erasedAs}`, { participantHash, status: 'counted' });
          else if (item.type === 'Vote')
            // Pending: it never counted, so it simply goes.
            await store.deleteItem(key, { participantHash, status: 'pending' });
          else if (item.type === 'VoteConfirmation') await store.deleteItem(key, { participantHash });
        }
      }),

    applyRetention: (due) =>
      store.includingExpired(async () => {
        for (const item of due) {
          const key = { pk: item.pk, sk: item.sk };
          const expected = { expiresAt: item.expiresAt, retention: item.retention };
          if (item.retention === 'delete') await store.deleteItem(key, expected);
          else if (item.type === 'Contribution') await store.anonymiseContribution(key, item.expiresAt);
          else if (item.type === 'Vote') {
            const vote = await store.itemAt(key);
            if (vote) await store.rekeyCountedVote(vote, `ANONYMISED#${options.newId()}`, expected);
          } else throw new Error(`Participation holds no ${item.type} to anonymise (${item.pk})`);
        }
      }),
  };

  return {
    holder,

    /**
     * The person withdrew their consent to be contacted: every contribution of theirs written
     * before then loses its contact details at once. Redelivery finds none left to change.
     */
    withdrawContactConsent: (participantHash: string, withdrawnAt: string) =>
      store.includingExpired(async () => {
        for (const item of byType(await store.itemsOf(participantHash), 'Contribution'))
          if (item.contact !== undefined)
            await store.removeContact({ pk: item.pk, sk: item.sk }, withdrawnAt);
      }),
  };
}
