import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { decodeProtectedHeader, SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { civicPaths } from '../../../infra/local/civic-home';
import {
  issueStaffToken,
  localAudience,
  localIssuer,
  parseTtl,
  signingKey,
  staffTokenEnvironment,
  toAuthorizerClaims,
  verifyBearer,
} from '../../../infra/local/tokens';
import { principalFromEvent } from '../../../shared/http/auth';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'civic-tokens-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('staff tokens', () => {
  it('verifies a token it issued and hands over Cognito-style string claims', async () => {
    // Prepare
    const token = await issueStaffToken({ home, role: 'coordinator' });

    // Act
    const check = await verifyBearer(`Bearer ${token}`, signingKey(home));

    // Assess
    expect(check.valid).toBe(true);
    if (!check.valid) return;
    expect(check.claims).toMatchObject({
      'cognito:groups': 'coordinator',
      token_use: 'id',
      iss: localIssuer,
      aud: localAudience,
    });
    expect(Object.values(check.claims).every((value) => typeof value === 'string')).toBe(true);
    expect(check.claims.exp).toMatch(
      /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \w{3} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}$/,
    );
    expect(check.claims.sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('gives claims the shared pipeline reads as a staff principal with the role', async () => {
    // Prepare
    const token = await issueStaffToken({ home, role: 'analyst' });
    const check = await verifyBearer(`Bearer ${token}`, signingKey(home));
    const event = {
      requestContext: { authorizer: { claims: check.valid ? check.claims : {} } },
    } as unknown as APIGatewayProxyEvent;

    // Act
    const principal = principalFromEvent(event);

    // Assess
    expect(principal).toMatchObject({ kind: 'staff', roles: ['analyst'] });
  });

  it('keeps the same user id for a role across tokens', async () => {
    // Act
    const first = await verifyBearer(await issueStaffToken({ home, role: 'admin' }), signingKey(home));
    const second = await verifyBearer(await issueStaffToken({ home, role: 'admin' }), signingKey(home));

    // Assess
    expect(first.valid && second.valid && first.claims.sub === second.claims.sub).toBe(true);
  });

  it('refuses an expired token', async () => {
    // Prepare
    const token = await issueStaffToken({
      home,
      role: 'admin',
      ttlSeconds: 60,
      now: new Date(Date.now() - 3_600_000),
    });

    // Act
    const check = await verifyBearer(`Bearer ${token}`, signingKey(home));

    // Assess
    expect(check).toEqual({ valid: false, reason: 'token expired' });
  });

  it('refuses a token signed with another key, a missing header and garbage', async () => {
    // Prepare
    const forged = await new SignJWT({ 'cognito:groups': ['admin'], token_use: 'id' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('intruder')
      .setIssuer(localIssuer)
      .setAudience(localAudience)
      .setExpirationTime('1h')
      .sign(new Uint8Array(32).fill(7));
    const key = signingKey(home);

    // Act
    const results = await Promise.all([
      verifyBearer(`Bearer ${forged}`, key),
      verifyBearer(undefined, key),
      verifyBearer('Bearer nope', key),
    ]);

    // Assess
    expect(results.map((result) => result.valid)).toEqual([false, false, false]);
  });

  it('tells functions the public key only, under the kid every token names', async () => {
    // Prepare
    const token = await issueStaffToken({ home, role: 'coordinator' });

    // Act
    const environment = staffTokenEnvironment(home);

    // Assess
    const jwks = JSON.parse(environment.STAFF_TOKEN_JWKS as string) as { keys: Record<string, string>[] };
    expect(environment).toMatchObject({
      STAFF_TOKEN_ISSUER: localIssuer,
      STAFF_TOKEN_AUDIENCE: localAudience,
    });
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({
      kty: 'RSA',
      alg: 'RS256',
      use: 'sig',
      kid: decodeProtectedHeader(token).kid,
    });
    expect(Object.keys(jwks.keys[0] as object).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
  });

  it('stores the signing key readable by its owner only', () => {
    // Act
    signingKey(home);

    // Assess
    expect(statSync(civicPaths(home).signingKey).mode & 0o777).toBe(0o600);
  });
});

describe('toAuthorizerClaims', () => {
  it('joins arrays with commas and renders exp and iat as dates, as API Gateway does', () => {
    // Act
    const claims = toAuthorizerClaims({
      'cognito:groups': ['admin', 'analyst'],
      exp: 1680633579,
      iat: 1680629979,
      auth_time: 1680629979,
      email_verified: true,
    });

    // Assess
    expect(claims).toEqual({
      'cognito:groups': 'admin,analyst',
      exp: 'Tue Apr 04 18:39:39 UTC 2023',
      iat: 'Tue Apr 04 17:39:39 UTC 2023',
      auth_time: '1680629979',
      email_verified: 'true',
    });
  });
});

describe('parseTtl', () => {
  it.each([
    ['3600', 3600],
    ['30m', 1800],
    ['12h', 43_200],
    ['7d', 604_800],
  ])('reads %s as %i seconds', (text, seconds) => {
    // Act
    const result = parseTtl(text);

    // Assess
    expect(result).toBe(seconds);
  });

  it('refuses what is not a duration', () => {
    // Act
    const parse = () => parseTtl('soon');

    // Assess
    expect(parse).toThrow(/not a duration/);
  });
});
