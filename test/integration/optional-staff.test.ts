import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, SignJWT } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/mapping/handler';
import { issueStaffToken, localAudience, localIssuer, signingKey } from '../../infra/local/tokens';
import { resetRuntimeConfig } from '../../shared/config/runtime';
import type { StaffRole } from '../../shared/http/route';
import { resetStaffTokenVerifier } from '../../shared/http/staff-token';
import { allItems, call, countItems } from '../support/api';
import { staffToken, tokenHome } from '../support/staff-tokens';

/**
 * `POST /assets` is `optionalStaff`: residents suggest, coordinators map directly, told apart by
 * a token the function verifies itself (aws-jwt-verify, against the local issuer's JWKS here, the
 * user pool in the cloud), since no authorizer sits in front of it in either runtime.
 */
const asset = (neighbourhood: string) => ({
  name: 'Tool library',
  category: 'library',
  location: { lat: 51.5, lon: -0.12 },
  neighbourhood,
});

const postAsset = (headers: Record<string, string>, neighbourhood = `Hood ${randomUUID()}`) =>
  call(handler, { method: 'POST', path: '/assets', body: asset(neighbourhood), headers });

/** A token claiming whatever it likes, signed with `key`: what an attacker can make. */
async function forge(
  claims: Record<string, unknown>,
  key: Parameters<SignJWT['sign']>[0],
  header: { alg: string; kid?: string },
) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    sub: '00000000-0000-4000-a000-000000000000',
    iss: localIssuer,
    aud: localAudience,
    iat: now,
    exp: now + 3600,
    'cognito:groups': ['admin'],
    token_use: 'id',
    ...claims,
  })
    .setProtectedHeader({ typ: 'JWT', ...header })
    .sign(key);
}

const otherHome = mkdtempSync(join(tmpdir(), 'civic-other-issuer-'));
afterAll(() => rmSync(otherHome, { recursive: true, force: true }));

describe('an optional staff token on POST /assets', () => {
  it.each<[StaffRole, string, string]>([
    ['coordinator', 'approved', 'staff'],
    ['admin', 'approved', 'staff'],
    ['analyst', 'pending', 'suggestion'],
  ])('gives an asset posted with a %s token the status %s (origin %s)', async (role, status, origin) => {
    // Prepare
    const token = await staffToken(role);

    // Act
    const answer = await postAsset({ Authorization: `Bearer ${token}` });

    // Assess
    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({ status, origin });
    if (status !== 'approved') return;
    // The approver on record is the token's subject: the principal came from the verified token.
    const [event] = (await allItems()).filter(
      (item) =>
        item.type === 'OutboxEvent' && (item.detail as { assetId?: string }).assetId === answer.json.assetId,
    );
    expect(event).toMatchObject({
      detailType: 'AssetApproved',
      detail: { approvedBy: decodeJwt(token).sub },
    });
  });

  it('files an asset without a token as a resident’s pending suggestion', async () => {
    // Act
    const answer = await postAsset({});

    // Assess
    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({ status: 'pending', origin: 'suggestion' });
  });

  it('answers 401 problem+json with WWW-Authenticate to every bad token and writes nothing', async () => {
    // Prepare
    const local = signingKey(tokenHome);
    const coordinator = await staffToken('coordinator');
    const [head, payload, signature] = coordinator.split('.') as [string, string, string];
    const promoted = Buffer.from(
      JSON.stringify({ ...decodeJwt(coordinator), 'cognito:groups': ['admin'] }),
    ).toString('base64url');
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const badTokens: Record<string, string> = {
      'a payload changed after signing': `Bearer ${head}.${promoted}.${signature}`,
      'a signature cut off': `Bearer ${head}.${payload}.`,
      'another issuer key (unknown kid)': `Bearer ${await issueStaffToken({ home: otherHome, role: 'coordinator' })}`,
      'another key under our kid': `Bearer ${await forge({}, stranger, { alg: 'RS256', kid: local.kid })}`,
      'our key, another issuer': `Bearer ${await forge({ iss: 'https://cognito-idp.example/evil' }, local.privateKey, { alg: 'RS256', kid: local.kid })}`,
      'our key, another audience': `Bearer ${await forge({ aud: 'someone-else' }, local.privateKey, { alg: 'RS256', kid: local.kid })}`,
      'our key, an access token': `Bearer ${await forge({ token_use: 'access' }, local.privateKey, { alg: 'RS256', kid: local.kid })}`,
      'HMAC keyed with our public key': `Bearer ${await forge({}, new TextEncoder().encode(local.publicKey.export({ type: 'spki', format: 'pem' }).toString()), { alg: 'HS256', kid: local.kid })}`,
      expired: `Bearer ${await staffToken('coordinator', { ttlSeconds: 60, now: new Date(Date.now() - 3_600_000) })}`,
      'not a JWT': 'Bearer nope',
      'no token after the scheme': 'Bearer',
      'another scheme': `Basic ${Buffer.from('coordinator:secret').toString('base64')}`,
      'the token without its scheme': coordinator,
    };
    const before = await countItems();

    // Act
    const answers = await Promise.all(
      Object.entries(badTokens).map(async ([name, authorization]) => {
        const answer = await postAsset({ Authorization: authorization, 'Idempotency-Key': randomUUID() });
        return [name, answer] as const;
      }),
    );

    // Assess
    for (const [name, answer] of answers) {
      expect({ name, status: answer.status }).toEqual({ name, status: 401 });
      expect(answer.headers['content-type'], name).toBe('application/problem+json');
      expect(answer.headers['www-authenticate'], name).toMatch(/^Bearer\b/);
      expect(answer.json, name).toMatchObject({ status: 401, title: 'Sign-in required' });
    }
    expect(await countItems()).toBe(before);
  });

  it('replays an Idempotency-Key’s answer to its own caller only, never a coordinator’s to a resident', async () => {
    // Prepare
    const key = { 'Idempotency-Key': randomUUID() };
    const neighbourhood = `Hood ${randomUUID()}`;
    const coordinator = { Authorization: `Bearer ${await staffToken('coordinator')}`, ...key };
    const first = await postAsset(coordinator, neighbourhood);

    // Act
    const retry = await postAsset(coordinator, neighbourhood);
    const resident = await postAsset(key, neighbourhood);

    // Assess
    expect(first.json).toMatchObject({ status: 'approved' });
    expect(retry.json).toEqual(first.json);
    expect(resident.status).toBe(422);
    expect(resident.json.errors).toEqual([expect.objectContaining({ path: 'headers.idempotency-key' })]);
  });

  it('refuses a bad token on a plain form post with a 401 page, writing nothing', async () => {
    // Prepare
    const before = await countItems();

    // Act
    const answer = await call(handler, {
      method: 'POST',
      path: '/assets',
      rawBody:
        'name=Tool+library&category=library&location.lat=51.5&location.lon=-0.12&neighbourhood=Riverside',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: 'Bearer nope' },
    });

    // Assess
    expect(answer.status).toBe(401);
    expect(answer.headers['content-type']).toContain('text/html');
    expect(await countItems()).toBe(before);
  });

  it('answers 500 to a token when the function was deployed without staff token settings, never downgrading it', async () => {
    // Prepare
    const saved = { ...process.env };
    for (const name of ['STAFF_TOKEN_ISSUER', 'STAFF_TOKEN_AUDIENCE', 'STAFF_TOKEN_JWKS'])
      delete process.env[name];
    resetRuntimeConfig();
    resetStaffTokenVerifier();
    const token = await staffToken('coordinator');
    const before = await countItems();

    try {
      // Act
      const withToken = await postAsset({ Authorization: `Bearer ${token}` });
      const afterToken = await countItems();
      const withoutToken = await postAsset({});

      // Assess
      expect(withToken.status).toBe(500);
      expect(afterToken).toBe(before);
      expect(withoutToken.json).toMatchObject({ status: 'pending', origin: 'suggestion' });
    } finally {
      Object.assign(process.env, saved);
      resetRuntimeConfig();
      resetStaffTokenVerifier();
    }
  });
});
