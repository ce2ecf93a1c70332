import { z } from 'zod';
import { InvalidFieldError } from '../../shared/domain/errors';
import { newId } from '../../shared/domain/ids';
import type { Page, PageRequest } from '../../shared/domain/page';
import type { Opportunity, OpportunityInput, ShiftInput } from './schemas';
import { cityTimeZone, lookups, newActivity, shiftView, type VolunteeringDeps } from './use-case-support';

const rankCursor = z.object({ n: z.number().int().positive(), id: z.string() });

function encodeRankCursor(position: { n: number; id: string }): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

function decodeRankCursor(cursor: string | undefined): { n: number; id: string } | undefined {
  if (cursor === undefined) return undefined;
  try {
    return rankCursor.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new InvalidFieldError('query.cursor', 'Not a cursor this list issued.');
  }
}

/** Opportunities, ranked by the skills they want, and their shifts. */
export function opportunityUseCases({ store, clock, initiativeExists }: VolunteeringDeps) {
  const { requireOpportunity, requireActivity } = lookups(store);
  const nowIso = () => clock().toISOString();

  return {
    async createOpportunity(input: OpportunityInput): Promise<Opportunity> {
      if (!(await initiativeExists(input.initiativeId)))
        throw new InvalidFieldError('body.initiativeId', 'No initiative with this ID.');
      const opportunity: Opportunity = { opportunityId: newId(), ...input, createdAt: nowIso() };
      await store.putOpportunity(opportunity);
      return opportunity;
    },

    getOpportunity: requireOpportunity,

    /**
     * Without `skills`: every opportunity (or an initiative's), oldest first. With `skills`: those
     * wanting at least one of them, most shared skills first, then oldest first.
     */
    async listOpportunities(
      filter: { initiativeId?: string | undefined; skills?: string[] | undefined },
      page: PageRequest,
    ): Promise<Page<Opportunity & { matchedSkills?: string[] }>> {
      if (!filter.skills) return store.listOpportunities({ initiativeId: filter.initiativeId }, page);
      const after = decodeRankCursor(page.cursor);
      const ranked = [...(await store.opportunitiesWantingSkills(filter.skills))]
        .filter(([, match]) => !filter.initiativeId || match.initiativeId === filter.initiativeId)
        .map(([id, match]) => ({ id, n: match.skills.length, skills: match.skills }))
        .sort((a, b) => b.n - a.n || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .filter((entry) => !after || entry.n < after.n || (entry.n === after.n && entry.id > after.id));
      const chosen = ranked.slice(0, page.limit);
      const opportunities = await store.getOpportunities(chosen.map((entry) => entry.id));
      const matched = new Map(chosen.map((entry) => [entry.id, entry.skills]));
      const last = chosen.at(-1);
      return {
        items: opportunities.map((o) => ({ ...o, matchedSkills: matched.get(o.opportunityId) ?? [] })),
        ...(ranked.length > chosen.length && last ? { nextCursor: encodeRankCursor(last) } : {}),
      };
    },

    async createShift(opportunityId: string, input: ShiftInput) {
      const opportunity = await requireOpportunity(opportunityId);
      const location = input.location ?? opportunity.location;
      const shift = newActivity('shift', newId(), nowIso(), {
        initiativeId: opportunity.initiativeId,
        opportunityId,
        title: opportunity.title,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        timeZone: input.timeZone,
        capacity: input.capacity,
        assurance: input.assurance,
        ...(location ? { location } : {}),
        ...(opportunity.minimumAge !== undefined ? { minimumAge: opportunity.minimumAge } : {}),
      });
      await store.putActivity(shift, cityTimeZone());
      return shiftView(shift);
    },

    async listShifts(opportunityId: string, page: PageRequest) {
      await requireOpportunity(opportunityId);
      const result = await store.listShifts(opportunityId, page);
      return { ...result, items: result.items.map(shiftView) };
    },

    getShift: async (shiftId: string) => shiftView(await requireActivity('shift', shiftId)),
  };
}
