import type { APIGatewayProxyEvent } from 'aws-lambda';
import { HttpProblem, problems } from './problem';
import { isStaffOnly, type Principal, type RouteAuth, type StaffRole, staffRoles } from './route';

/**
 * `cognito:groups` as the REST API's Cognito authorizer hands it over: an array, a
 * comma-separated string, or a bracketed, space-separated string, depending on how it was set.
 */
export function parseGroups(raw: unknown): StaffRole[] {
  const names = Array.isArray(raw)
    ? raw.map(String)
    : typeof raw === 'string'
      ? raw.replace(/^\[|\]$/g, '').split(/[\s,]+/)
      : [];
  return names.filter((name): name is StaffRole => (staffRoles as readonly string[]).includes(name));
}

/** Who is calling, from the claims the authorizer (Cognito, or the local gateway) verified. */
export function principalFromEvent(event: APIGatewayProxyEvent): Principal {
  const claims = event.requestContext?.authorizer?.claims as Record<string, unknown> | undefined;
  const subject = claims?.sub;
  if (typeof subject !== 'string' || subject === '') return { kind: 'anonymous' };
  return { kind: 'staff', userId: subject, roles: parseGroups(claims?.['cognito:groups']) };
}

/** Throws 401 or 403 unless the principal may call a route with this `auth`. */
export function authorize(auth: RouteAuth, principal: Principal): void {
  if (!isStaffOnly(auth)) return;
  if (principal.kind !== 'staff')
    throw new HttpProblem(problems.unauthorized(), { 'www-authenticate': 'Bearer' });
  const allowed =
    principal.roles.includes('admin') || principal.roles.some((role) => auth.roles.includes(role));
  if (!allowed)
    throw new HttpProblem(problems.forbidden(['admin', ...auth.roles.filter((r) => r !== 'admin')]));
}
