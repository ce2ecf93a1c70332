import { describe, expect, it } from 'vitest';
import { httpContexts } from '../../functions/contexts';
import { type AnyRouteContract, type StaffRole, staffRoles } from '../../shared/http/route';
import { staffAccess } from '../../shared/http/staff-access';
import { call } from '../support/api';

/**
 * Who may call each staff route, generated from the declarations: the rule each route names in
 * `shared/http/staff-access.ts`, and the full matrix (no token, every role) through each context's
 * function, as the authorizer hands claims to it. A new route is covered without being listed.
 */
const staffRoutes = httpContexts.flatMap((context) =>
  context.routes.filter((route) => route.auth !== 'public').map((route) => ({ context, route })),
);
const ruleOf = (route: AnyRouteContract) =>
  (Object.entries(staffAccess) as [keyof typeof staffAccess, unknown][]).find(
    ([, rule]) => rule === route.auth,
  )?.[0];
const unknownId = '01ARZ3NDEKTSV4RRFFQ69G5FAV';

describe('staff access', () => {
  it('gives every staff route a rule of the one table: reads never need `manage`, writes never only `read`', () => {
    // Act
    const deviations = staffRoutes.flatMap(({ route }) => {
      const rule = ruleOf(route);
      const reads = route.method === 'GET';
      const fits =
        rule !== undefined &&
        (reads ? rule !== 'manage' : rule === 'manage' || rule === 'administer' || rule === 'personalData');
      return fits ? [] : [`${route.method} ${route.path}: ${rule ?? JSON.stringify(route.auth)}`];
    });

    // Assess
    expect(staffRoutes.length).toBeGreaterThan(30);
    expect(deviations).toEqual([]);
  });

  it('answers 401 without a token, 403 to a role the rule leaves out, and lets every other role through', async () => {
    // Prepare
    const deviations: string[] = [];

    // Act
    for (const { context, route } of staffRoutes) {
      const { handler } = (await import(/* @vite-ignore */ `../../${context.entry}`)) as {
        handler: Parameters<typeof call>[0];
      };
      const request = {
        method: route.method,
        path: route.path.replace(/\{[^}]+\}/g, unknownId),
        ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { body: {} }),
      };
      const allowed = (role: StaffRole) =>
        role === 'admin' || (typeof route.auth === 'object' && route.auth.roles.includes(role));
      const anonymous = await call(handler, request);
      if (anonymous.status !== 401)
        deviations.push(`${route.operationId} without a token: ${anonymous.status}`);
      for (const role of staffRoles) {
        const answer = await call(handler, { ...request, role });
        const refused = answer.status === 401 || answer.status === 403;
        if (allowed(role) === refused || (!allowed(role) && answer.status !== 403))
          deviations.push(`${route.operationId} as ${role}: ${answer.status}`);
      }
    }

    // Assess
    expect(deviations).toEqual([]);
  }, 120_000);
});
