import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomUUID,
} from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { StaffRole } from '../../shared/http/route';
import { staffRoles } from '../../shared/http/route';
import { civicPaths, readOrCreateSecret } from './civic-home';
import type { AuthorizerClaims } from './proxy-event';

/** Who signs local staff tokens; the gateway accepts no other issuer. */
export const localIssuer = 'urn:civic:local';
/** Plays the user pool app client id (`aud` of a Cognito ID token). */
export const localAudience = 'civic-local';

/**
 * RS256, as Cognito signs: the public half can be handed to functions as a JWKS, so an
 * `optionalStaff` function checks local tokens with the very verifier (`aws-jwt-verify`) it uses
 * against the user pool in the cloud, while only `civic token` holds the private half.
 */
const algorithm = 'RS256';
export const defaultTokenTtlSeconds = 12 * 60 * 60;

/** The local issuer's key pair; `kid` names the public key in the JWKS and in each token's header. */
export interface LocalSigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  kid: string;
}

/**
 * The RSA key pair, made once per `$CIVIC_HOME` (PKCS#8 PEM, mode 600) and shared by `civic
 * token`, the gateway and the functions (these get the public key only, `staffTokenEnvironment`).
 */
export function signingKey(home: string): LocalSigningKey {
  const pem = readOrCreateSecret(civicPaths(home).signingKey, () =>
    generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString(),
  );
  const privateKey = createPrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  const { e, n } = publicKey.export({ format: 'jwk' });
  // RFC 7638 thumbprint: the same key always has the same `kid`.
  const kid = createHash('sha256')
    .update(JSON.stringify({ e, kty: 'RSA', n }))
    .digest('base64url');
  return { privateKey, publicKey, kid };
}

/** The public keys as a JWKS, as Cognito publishes its pool's at `/.well-known/jwks.json`. */
export function localJwks(key: LocalSigningKey) {
  return { keys: [{ ...key.publicKey.export({ format: 'jwk' }), kid: key.kid, alg: algorithm, use: 'sig' }] };
}

/**
 * What a function with `optionalStaff` routes is told about staff tokens on this machine (the
 * cloud's are `STAFF_USER_POOL_ID` and `STAFF_USER_POOL_CLIENT_ID`): see `shared/http/staff-token.ts`.
 */
export function staffTokenEnvironment(home: string): Record<string, string> {
  return {
    STAFF_TOKEN_ISSUER: localIssuer,
    STAFF_TOKEN_AUDIENCE: localAudience,
    STAFF_TOKEN_JWKS: JSON.stringify(localJwks(signingKey(home))),
  };
}

export function isStaffRole(value: string): value is StaffRole {
  return (staffRoles as readonly string[]).includes(value);
}

/**
 * A stable user id per role and machine, shaped like a Cognito `sub` (a UUID): the same person
 * each time, so "created by" fields line up across tokens.
 */
function subjectFor(key: LocalSigningKey, role: StaffRole): string {
  const hex = createHash('sha256').update(key.kid).update(`civic-local-staff:${role}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** `12h`, `30m`, `90s`, `2d` or plain seconds. */
export function parseTtl(value: string): number {
  const match = /^(\d+)\s*([smhd]?)$/.exec(value.trim());
  if (!match) throw new Error(`"${value}" is not a duration; use e.g. 3600, 30m, 12h or 7d.`);
  const amount = Number(match[1]);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  const seconds = amount * unit;
  if (seconds <= 0) throw new Error('The lifetime must be longer than zero.');
  return seconds;
}

/**
 * Mints a token shaped like a Cognito user pool ID token for a staff member with `role`:
 * `sub`, `cognito:groups`, `cognito:username`, `token_use: id`, `iss`, `aud`, `auth_time`, `exp`.
 */
export async function issueStaffToken(options: {
  home: string;
  role: StaffRole;
  ttlSeconds?: number;
  now?: Date;
}) {
  const key = signingKey(options.home);
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({
    'cognito:groups': [options.role],
    'cognito:username': `local-${options.role}`,
    token_use: 'id',
    auth_time: issuedAt,
    event_id: randomUUID(),
  })
    .setProtectedHeader({ alg: algorithm, typ: 'JWT', kid: key.kid })
    .setSubject(subjectFor(key, options.role))
    .setIssuer(localIssuer)
    .setAudience(localAudience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (options.ttlSeconds ?? defaultTokenTtlSeconds))
    .setJti(randomUUID())
    .sign(key.privateKey);
}

/** `Tue Apr 04 18:39:39 UTC 2023`: how the REST API's Cognito authorizer renders `exp` and `iat`. */
function javaDate(epochSeconds: number): string {
  const date = new Date(epochSeconds * 1000);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (value: number) => String(value).padStart(2, '0');
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return `${days[date.getUTCDay()]} ${months[date.getUTCMonth()]} ${pad(date.getUTCDate())} ${time} UTC ${date.getUTCFullYear()}`;
}

/**
 * The claims as the REST API's Cognito user pool authorizer passes them on: every value a
 * string, arrays joined with commas (`cognito:groups: "coordinator"`), `exp`/`iat` as dates.
 */
export function toAuthorizerClaims(payload: Record<string, unknown>): AuthorizerClaims {
  const claims: AuthorizerClaims = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    if ((name === 'exp' || name === 'iat') && typeof value === 'number') claims[name] = javaDate(value);
    else if (Array.isArray(value)) claims[name] = value.map(String).join(',');
    else if (typeof value === 'object') claims[name] = JSON.stringify(value);
    else claims[name] = String(value);
  }
  return claims;
}

export type TokenCheck = { valid: true; claims: AuthorizerClaims } | { valid: false; reason: string };

/**
 * Verifies a `Bearer` token the way the Cognito authorizer would: signature, issuer, audience,
 * expiry and `token_use`. Never throws; the reason is for the gateway's log, not the client.
 */
export async function verifyBearer(
  authorization: string | undefined,
  key: Pick<LocalSigningKey, 'publicKey'>,
): Promise<TokenCheck> {
  if (!authorization) return { valid: false, reason: 'no Authorization header' };
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  // Cognito's authorizer also accepts the bare token without the scheme.
  const token = match ? match[1] : authorization.trim();
  try {
    const { payload } = await jwtVerify(token as string, key.publicKey, {
      algorithms: [algorithm],
      issuer: localIssuer,
      audience: localAudience,
      requiredClaims: ['sub', 'exp'],
    });
    if (payload.token_use !== 'id' && payload.token_use !== 'access')
      return { valid: false, reason: 'not an id or access token' };
    return { valid: true, claims: toAuthorizerClaims(payload as Record<string, unknown>) };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { valid: false, reason: 'token expired' };
    if (error instanceof errors.JOSEError) return { valid: false, reason: error.code };
    return { valid: false, reason: 'unreadable token' };
  }
}
