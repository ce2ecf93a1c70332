import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { authorize, principalFromEvent } from '../../shared/http/auth';
import { HttpProblem } from '../../shared/http/problem';

const withClaims = (claims: Record<string, unknown> | undefined) =>
  ({ requestContext: { authorizer: claims ? { claims } : null } }) as unknown as APIGatewayProxyEvent;

describe('authorization', () => {
  it.each([
    ['a plain string', 'coordinator'],
    ['a comma-separated string', 'analyst,coordinator'],
    ['a bracketed string', '[analyst coordinator]'],
    ['an array', ['coordinator']],
  ])('reads cognito:groups given as %s', (_label, groups) => {
    const principal = principalFromEvent(withClaims({ sub: 'u1', 'cognito:groups': groups }));
    expect(principal.kind === 'staff' && principal.roles).toContain('coordinator');
  });

  it('lets admin through every staff route and refuses other roles with 403', () => {
    const admin = principalFromEvent(withClaims({ sub: 'a', 'cognito:groups': 'admin' }));
    const analyst = principalFromEvent(withClaims({ sub: 'b', 'cognito:groups': 'analyst' }));
    expect(() => authorize({ roles: ['coordinator'] }, admin)).not.toThrow();
    const refusal = (() => {
      try {
        authorize({ roles: ['coordinator'] }, analyst);
      } catch (error) {
        return error as HttpProblem;
      }
    })();
    expect(refusal?.problem.status).toBe(403);
  });

  it('treats a request without claims as anonymous, and refuses it on staff routes with 401', () => {
    const anonymous = principalFromEvent(withClaims(undefined));
    expect(anonymous).toEqual({ kind: 'anonymous' });
    expect(() => authorize({ roles: ['analyst'] }, anonymous)).toThrow(HttpProblem);
  });
});
