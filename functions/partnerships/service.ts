import { isDeepStrictEqual } from 'node:util';
import {
  PartnerContributionRecorded,
  PartnershipFormed,
  PartnershipStatusChanged,
} from '../../events/partnerships';
import { runtimeConfig } from '../../shared/config/runtime';
import { domainEvent } from '../../shared/domain/domain-event';
import { ConflictError, InvalidFieldError, NotFoundError } from '../../shared/domain/errors';
import { newId } from '../../shared/domain/ids';
import { convertMoney, type Money } from '../../shared/domain/money';
import type { PageRequest } from '../../shared/domain/page';
import type { Principal } from '../../shared/http/route';
import { addDays, localDate, localMonth } from './calendar';
import { assertTransition } from './lifecycle';
import type {
  AttentionReason,
  ContributionInput,
  HistoryEntry,
  PartnerContribution,
  Partnership,
  PartnershipFilter,
  PartnershipInput,
  PartnershipUpdate,
} from './schemas';
import type { AttentionCutoffs, PartnershipListFilter, PartnershipStore, StoredPartnership } from './store';
import { counterDelta, spendTotals, zeroCounters } from './totals';
import { expectedVersionOf, staffUserId, staleVersion } from './versioning';

/** What an edit may change, in the order the history lists changes. */
const editableFields = ['status', 'name', 'description', 'goals', 'roles', 'startDate', 'endDate'] as const;

const DAY_MS = 24 * 60 * 60 * 1000;

/** A partnership as the API shows it: its fields and its totals (counters stay inside). */
function view(partnership: StoredPartnership, attention?: AttentionReason[]): Partnership {
  return {
    ...partnership,
    totals: spendTotals(partnership, partnership.totalsCurrency),
    ...(attention ? { attention } : {}),
  };
}

function attentionOf(partnership: StoredPartnership, cutoffs: AttentionCutoffs): AttentionReason[] {
  return [
    ...(partnership.endDate !== undefined && partnership.endDate <= cutoffs.renewalBy
      ? (['renewal-due'] as const)
      : []),
    ...(partnership.lastActivityAt < cutoffs.staleBefore ? (['stale'] as const) : []),
  ];
}

/**
 * What the partnership use cases read from other contexts, through what those contexts publish:
 * the handler module wires participation's `initiativeExists` (`functions/participation/published.ts`).
 */
export interface PartnershipPorts {
  initiativeExists(initiativeId: string): Promise<boolean>;
}

/**
 * The partnership and contribution use cases. Routes call these; they call the store. Creating a
 * partnership and reading an initiative's totals check the initiative through `ports`.
 */
export function partnershipService(store: PartnershipStore, clock: () => Date, ports: PartnershipPorts) {
  const config = () => runtimeConfig();
  const { initiativeExists } = ports;
  const today = () => localDate(clock(), config().TIME_ZONE);

  async function requirePartnership(partnershipId: string): Promise<StoredPartnership> {
    const partnership = await store.getPartnership(partnershipId);
    if (!partnership) throw new NotFoundError('No partnership with this ID.');
    return partnership;
  }

  async function detail(partnership: StoredPartnership) {
    return { ...view(partnership), history: await store.history(partnership.partnershipId) };
  }

  /** Refuses a roles list naming a party that is neither the city nor one of the partnership's organisations. */
  function assertRoleParties(roles: PartnershipInput['roles'], organizationIds: readonly string[]) {
    roles.forEach((role, index) => {
      if (role.party !== 'city' && !organizationIds.includes(role.party))
        throw new InvalidFieldError(
          `body.roles.${index}.party`,
          'Name one of this partnership’s organisations, or `city`.',
        );
    });
  }

  /** A contribution's value in the city's currency, or 422 on the field when no rate is configured. */
  function cityValue(amount: Money, path: string): { amount: number; rate?: number } {
    const { CITY_CURRENCY: city, CURRENCY_RATES: rates } = config();
    const converted = convertMoney(amount, city, rates);
    if (!converted)
      throw new InvalidFieldError(
        path,
        `Totals are kept in ${city} and no rate for ${amount.currency} is configured, so they cannot be mixed: record it in ${city}, or have an administrator configure a ${amount.currency} rate.`,
      );
    return converted;
  }

  return {
    async createPartnership(input: PartnershipInput, principal: Principal) {
      const by = staffUserId(principal);
      const [organizations, initiatives] = await Promise.all([
        Promise.all(input.organizationIds.map((id) => store.getOrganization(id))),
        Promise.all(input.initiativeIds.map((id) => initiativeExists(id))),
      ]);
      const missingOrganization = organizations.findIndex((organization) => !organization);
      if (missingOrganization >= 0)
        throw new InvalidFieldError(
          `body.organizationIds.${missingOrganization}`,
          'No organisation with this ID.',
        );
      const missingInitiative = initiatives.indexOf(false);
      if (missingInitiative >= 0)
        throw new InvalidFieldError(`body.initiativeIds.${missingInitiative}`, 'No initiative with this ID.');

      const now = clock();
      const at = now.toISOString();
      const partnership: StoredPartnership = {
        partnershipId: newId(),
        ...input,
        status: 'proposed',
        version: 1,
        lastActivityAt: at,
        createdBy: by,
        createdAt: at,
        updatedAt: at,
        totalsCurrency: config().CITY_CURRENCY,
        ...zeroCounters(),
      };
      const entry: HistoryEntry = {
        version: 1,
        at,
        by,
        changes: [{ field: 'status', from: null, to: 'proposed' }],
      };
      const event = domainEvent(PartnershipFormed, {
        eventId: newId(),
        occurredAt: at,
        partnershipId: partnership.partnershipId,
        organizationIds: input.organizationIds,
        initiativeIds: input.initiativeIds,
        status: 'proposed',
        formedBy: by,
      });
      const outcome = await store.addPartnership(
        partnership,
        entry,
        localMonth(now, config().TIME_ZONE),
        event,
      );
      if (!outcome.ok) {
        // Removed between the check above and the write: still the client's reference that is wrong.
        throw new InvalidFieldError(
          `body.organizationIds.${input.organizationIds.indexOf(outcome.id)}`,
          'No organisation with this ID.',
        );
      }
      return { ...view(partnership), history: [entry] };
    },

    getPartnership: async (partnershipId: string) => detail(await requirePartnership(partnershipId)),

    /**
     * Moves a partnership along its lifecycle and/or edits it, based on the version the client
     * read. Every change becomes one history entry; a status change also publishes an event.
     */
    async changePartnership(
      partnershipId: string,
      update: PartnershipUpdate,
      ifMatch: string | undefined,
      principal: Principal,
    ) {
      const by = staffUserId(principal);
      const expected = expectedVersionOf(update.expectedVersion, ifMatch);
      const current = await requirePartnership(partnershipId);
      if (current.version !== expected) throw staleVersion(current.version);
      if (update.status !== undefined) assertTransition(current.status, update.status);
      if (update.roles) assertRoleParties(update.roles, current.organizationIds);

      const changes: HistoryEntry['changes'] = [];
      const next: StoredPartnership = { ...current };
      const removed: string[] = [];
      for (const field of editableFields) {
        const value = update[field];
        if (value === undefined || isDeepStrictEqual(value, current[field] ?? null)) continue;
        changes.push({ field, from: current[field] ?? null, to: value });
        if (value === null) {
          removed.push(field);
          delete next[field];
        } else {
          Object.assign(next, { [field]: value });
        }
      }
      if (next.startDate && next.endDate && next.endDate < next.startDate)
        throw new InvalidFieldError(
          update.endDate ? 'body.endDate' : 'body.startDate',
          'The end date would be before the start date.',
        );
      // Values equal to what is stored change nothing: no new version, no history entry.
      if (changes.length === 0) return detail(current);

      const now = clock();
      const at = now.toISOString();
      Object.assign(next, { version: current.version + 1, updatedAt: at, lastActivityAt: at });
      const entry: HistoryEntry = {
        version: next.version,
        at,
        by,
        ...(update.note ? { note: update.note } : {}),
        changes,
      };
      const event =
        next.status !== current.status
          ? domainEvent(PartnershipStatusChanged, {
              eventId: newId(),
              occurredAt: at,
              partnershipId,
              organizationIds: current.organizationIds,
              initiativeIds: current.initiativeIds,
              fromStatus: current.status,
              toStatus: next.status,
              version: next.version,
              changedBy: by,
            })
          : undefined;
      const outcome = await store.changePartnership({
        next,
        expectedVersion: expected,
        removed,
        entry,
        month: localMonth(now, config().TIME_ZONE),
        event,
      });
      if (outcome === 'stale') throw staleVersion((await requirePartnership(partnershipId)).version);
      return detail(next);
    },

    async listPartnerships(filter: PartnershipFilter, page: PageRequest) {
      const { PARTNERSHIP_RENEWAL_NOTICE_DAYS: notice, PARTNERSHIP_STALE_AFTER_DAYS: stale } = config();
      const cutoffs: AttentionCutoffs = {
        renewalBy: addDays(today(), notice),
        staleBefore: new Date(clock().getTime() - stale * DAY_MS).toISOString(),
      };
      const by: PartnershipListFilter = filter.attention
        ? { by: 'attention', cutoffs }
        : filter.status
          ? { by: 'status', status: filter.status }
          : filter.initiativeId
            ? { by: 'initiative', initiativeId: filter.initiativeId }
            : filter.organizationId
              ? { by: 'organization', organizationId: filter.organizationId }
              : { by: 'all' };
      const result = await store.listPartnerships(by, page);
      return {
        ...result,
        items: result.items.map((partnership) =>
          view(partnership, filter.attention ? attentionOf(partnership, cutoffs) : undefined),
        ),
      };
    },

    /**
     * Records a partner's contribution (or the city's own spend) and adds it to the partnership's,
     * the organisation's and the initiative's totals in the same transaction, in the city's currency.
     */
    async recordContribution(partnershipId: string, input: ContributionInput, principal: Principal) {
      const by = staffUserId(principal);
      const partnership = await requirePartnership(partnershipId);
      const { CITY_CURRENCY: city, STAFF_HOUR_VALUE: hourValue } = config();
      if (partnership.status === 'proposed')
        throw new ConflictError(
          'This partnership is still proposed; contributions are recorded once it is active.',
          'partnership-not-started',
        );
      if (partnership.totalsCurrency !== city) throw currencyChanged(partnership.totalsCurrency, city);
      if (input.kind !== 'citySpend' && !partnership.organizationIds.includes(input.organizationId))
        throw new InvalidFieldError('body.organizationId', 'Not one of this partnership’s organisations.');
      const initiativeId = input.initiativeId ?? soleInitiative(partnership.initiativeIds);
      if (!partnership.initiativeIds.includes(initiativeId))
        throw new InvalidFieldError('body.initiativeId', 'Not one of this partnership’s initiatives.');
      const date = input.date ?? today();
      if (date > today())
        throw new InvalidFieldError('body.date', 'A contribution cannot be dated in the future.');

      const centiHours = input.kind === 'staffHours' ? Math.round(input.hours * 100) : 0;
      const value =
        input.kind === 'staffHours'
          ? { amount: Math.floor((centiHours * hourValue + 50) / 100) }
          : input.kind === 'inKind'
            ? cityValue(input.estimatedValue, 'body.estimatedValue.currency')
            : cityValue(input.amount, 'body.amount.currency');
      const at = clock().toISOString();
      const contribution: PartnerContribution = {
        ...input,
        contributionId: newId(),
        partnershipId,
        initiativeId,
        date,
        value: { amount: value.amount, currency: city },
        ...(value.rate !== undefined ? { rate: value.rate } : {}),
        recordedAt: at,
        recordedBy: by,
      };
      const event = domainEvent(PartnerContributionRecorded, {
        eventId: newId(),
        occurredAt: at,
        contributionId: contribution.contributionId,
        partnershipId,
        kind: input.kind,
        ...(input.kind !== 'citySpend' ? { organizationId: input.organizationId } : {}),
        initiativeId,
        date,
        value: contribution.value,
        ...(input.kind === 'staffHours' ? { staffHours: input.hours } : {}),
        recordedBy: by,
      });
      const outcome = await store.recordContribution(
        contribution,
        counterDelta(input.kind, value.amount, centiHours),
        city,
        event,
      );
      if (outcome === 'totals-currency-differs') throw currencyChanged('another currency', city);
      if (outcome === 'partnership-refused') {
        // The partnership changed between the read and the write: say what refused it.
        const now = await requirePartnership(partnershipId);
        if (now.status === 'proposed') throw new Error('A partnership went back to proposed');
        throw currencyChanged(now.totalsCurrency, city);
      }
      return contribution;
    },

    async listContributions(partnershipId: string, page: PageRequest) {
      await requirePartnership(partnershipId);
      return store.listContributions(partnershipId, page);
    },

    async initiativeTotals(initiativeId: string) {
      if (!(await initiativeExists(initiativeId))) throw new NotFoundError('No initiative with this ID.');
      const totals = await store.initiativeTotals(initiativeId);
      return { initiativeId, totals: spendTotals(totals, totals.currency ?? config().CITY_CURRENCY) };
    },
  };
}

function soleInitiative(initiativeIds: readonly string[]): string {
  if (initiativeIds.length === 1) return initiativeIds[0] as string;
  throw new InvalidFieldError(
    'body.initiativeId',
    'This partnership serves several initiatives: name the one this contribution supports.',
  );
}

function currencyChanged(kept: string, city: string): ConflictError {
  return new ConflictError(
    `These totals are kept in ${kept}, but the city’s currency is now configured as ${city}; totals cannot mix currencies. Configure the currency back, or start new partnerships.`,
    'totals-currency-changed',
  );
}
