import { isDeepStrictEqual } from 'node:util';
import { runtimeConfig } from '../../shared/config/runtime';
import { NotFoundError } from '../../shared/domain/errors';
import { newId } from '../../shared/domain/ids';
import type { PageRequest } from '../../shared/domain/page';
import type { Principal } from '../../shared/http/route';
import type { Organization, OrganizationFilter, OrganizationInput, OrganizationUpdate } from './schemas';
import type { PartnershipStore } from './store';
import { partnerTotals } from './totals';
import { expectedVersionOf, staffUserId, staleVersion } from './versioning';

/** The fields an update may set (`null` removes the optional ones). */
const updatableFields = [
  'name',
  'type',
  'contact',
  'website',
  'neighbourhoods',
  'description',
  'publicDirectoryConsent',
] as const;

/** The organisation use cases: the partner register (staff) and the public partner directory. */
export function organizationService(store: PartnershipStore, clock: () => Date = () => new Date()) {
  async function requireOrganization(organizationId: string): Promise<Organization> {
    const organization = await store.getOrganization(organizationId);
    if (!organization) throw new NotFoundError('No organisation with this ID.');
    return organization;
  }

  return {
    async createOrganization(input: OrganizationInput, principal: Principal): Promise<Organization> {
      const by = staffUserId(principal);
      const now = clock().toISOString();
      const organization: Organization = {
        organizationId: newId(),
        ...input,
        consentRecordedAt: now,
        consentRecordedBy: by,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      await store.addOrganization(organization);
      return organization;
    },

    async getOrganization(organizationId: string) {
      const organization = await requireOrganization(organizationId);
      const totals = await store.organizationTotals(organizationId);
      return {
        ...organization,
        totals: partnerTotals(totals, totals.currency ?? runtimeConfig().CITY_CURRENCY),
      };
    },

    /**
     * Edits an organisation, based on the version the client read. Withdrawing directory consent
     * removes its public entries in the same transaction as the edit.
     */
    async updateOrganization(
      organizationId: string,
      update: OrganizationUpdate,
      ifMatch: string | undefined,
      principal: Principal,
    ): Promise<Organization> {
      const by = staffUserId(principal);
      const expected = expectedVersionOf(update.expectedVersion, ifMatch);
      const current = await requireOrganization(organizationId);
      if (current.version !== expected) throw staleVersion(current.version);
      const now = clock().toISOString();
      const next: Record<string, unknown> = { ...current };
      for (const field of updatableFields) {
        const value = update[field];
        if (value === null) delete next[field];
        else if (value !== undefined) next[field] = value;
      }
      // Values equal to what is stored change nothing: no new version, no write.
      if (isDeepStrictEqual(next, current)) return current;
      const consentChanged =
        update.publicDirectoryConsent !== undefined &&
        update.publicDirectoryConsent !== current.publicDirectoryConsent;
      const updated = {
        ...next,
        ...(consentChanged ? { consentRecordedAt: now, consentRecordedBy: by } : {}),
        version: current.version + 1,
        updatedAt: now,
      } as Organization;
      if ((await store.updateOrganization(current, updated, expected)) === 'stale') {
        throw staleVersion((await requireOrganization(organizationId)).version);
      }
      return updated;
    },

    listOrganizations: (filter: OrganizationFilter, page: PageRequest) =>
      store.listOrganizations(filter, page),

    /** The public directory reads consenting organisations' public entries and nothing else. */
    listDirectory: (filter: OrganizationFilter, page: PageRequest) => store.listDirectory(filter, page),
  };
}
