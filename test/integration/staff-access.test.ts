import { describe, expect, it } from 'vitest';
import { httpContexts } from '../../functions/contexts';
import { type AnyRouteContract, isStaffOnly, type StaffRole, staffRoles } from '../../shared/http/route';
import { staffAccess } from '../../shared/http/staff-access';
import { call } from '../support/api';
import { bearer } from '../support/staff-tokens';

/**
 * Who may call each staff route, generated from the declarations: the rule each route names in
 * `shared/http/staff-access.ts`, and the full matrix (no token, every role) through each context's
 * function, as the authorizer hands claims to it. `optionalStaff` routes have no authorizer and
 * check a token themselves: no token, a bad one and every role's real token go to the function.
 * A new route is covered without being listed.
 */
const staffRoutes = httpContexts.flatMap((context) =>
  context.routes.filter((route) => isStaffOnly(route.auth)).map((route) => ({ context, route })),
);
const optionalStaffRoutes = httpContexts.flatMap((context) =>
  context.routes.filter((route) => route.auth === 'optionalStaff').map((route) => ({ context, route })),
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

  it('lets anyone call an optionalStaff route, refuses a bad token with 401, and lets every role’s token through', async () => {
    // Prepare
    const deviations: string[] = [];
    // Signed, but not by the local issuer's key: the function must refuse it, not ignore it.
    const [head, payload] = (await bearer('admin')).Authorization.split('.') as [string, string];
    const badToken = `${head}.${payload}.${Buffer.from('forged').toString('base64url')}`;

    // Act
    for (const { context, route } of optionalStaffRoutes) {
      const { handler } = (await import(/* @vite-ignore */ `../../${context.entry}`)) as {
        handler: Parameters<typeof call>[0];
      };
      // An empty body: refused by validation (422) once the caller is let through, so nothing is written.
      const request = {
        method: route.method,
        path: route.path.replace(/\{[^}]+\}/g, unknownId),
        ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { body: {} }),
      };
      const refused = (status: number) => status === 401 || status === 403;
      const anonymous = await call(handler, request);
      if (refused(anonymous.status))
        deviations.push(`${route.operationId} without a token: ${anonymous.status}`);
      const bad = await call(handler, { ...request, headers: { Authorization: badToken } });
      if (bad.status !== 401 || !bad.headers['www-authenticate']?.startsWith('Bearer'))
        deviations.push(`${route.operationId} with a bad token: ${bad.status}`);
      for (const role of staffRoles) {
        const answer = await call(handler, { ...request, headers: await bearer(role) });
        if (refused(answer.status)) deviations.push(`${route.operationId} as ${role}: ${answer.status}`);
      }
    }

    // Assess
    expect(optionalStaffRoutes.map(({ route }) => route.operationId)).toContain('createAsset');
    expect(deviations).toEqual([]);
  }, 60_000);
});
