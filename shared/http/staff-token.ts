import { CognitoJwtVerifier, JwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { runtimeConfig } from '../config/runtime';
import { parseGroups } from './auth';
import { HttpProblem, problems } from './problem';
import type { Principal } from './route';

/**
 * The staff token an `optionalStaff` route may be sent. API Gateway cannot make an authorizer
 * optional, so such methods have none and the function checks the token itself, with the same
 * rules the Cognito authorizer applies: signature by the pool's key, issuer, app client, expiry,
 * an ID token. One code path in both runtimes, configured by the environment:
 * - the cloud: `STAFF_USER_POOL_ID` and `STAFF_USER_POOL_CLIENT_ID` (the pool's JWKS is fetched
 *   over HTTPS once and cached for the life of the execution environment);
 * - the local stack and tests: `STAFF_TOKEN_ISSUER`, `STAFF_TOKEN_AUDIENCE` and `STAFF_TOKEN_JWKS`,
 *   the local issuer's public keys (`infra/local/tokens.ts`), given whole so nothing is fetched.
 */
interface StaffTokenVerifier {
  verify(token: string): Promise<JwtPayload>;
}

/** A JWKS source that never fetches: the local keys are all given up front, any other `kid` is unknown. */
const noFetching = {
  fetch: () => Promise.reject(new Error('Local staff tokens are checked against the given keys only.')),
};

function createVerifier(): StaffTokenVerifier {
  const config = runtimeConfig();
  if (config.STAFF_USER_POOL_ID && config.STAFF_USER_POOL_CLIENT_ID) {
    return CognitoJwtVerifier.create({
      userPoolId: config.STAFF_USER_POOL_ID,
      clientId: config.STAFF_USER_POOL_CLIENT_ID,
      tokenUse: 'id',
    });
  }
  if (config.STAFF_TOKEN_ISSUER && config.STAFF_TOKEN_AUDIENCE && config.STAFF_TOKEN_JWKS) {
    const verifier = JwtVerifier.create(
      {
        issuer: config.STAFF_TOKEN_ISSUER,
        audience: config.STAFF_TOKEN_AUDIENCE,
        // As Cognito's `tokenUse: 'id'`: an access token, or anything else, is not a staff ID token.
        customJwtCheck: ({ payload }) => {
          if (payload.token_use !== 'id') throw new Error('Not an ID token.');
        },
      },
      { jwksCache: new SimpleJwksCache({ fetcher: noFetching }) },
    );
    verifier.cacheJwks(JSON.parse(config.STAFF_TOKEN_JWKS));
    return verifier;
  }
  // A deployment error, not the caller's: a 500 that says so, rather than every token refused.
  throw new Error(
    'This function serves optionalStaff routes but has no staff token configuration (STAFF_USER_POOL_ID and STAFF_USER_POOL_CLIENT_ID, or STAFF_TOKEN_ISSUER, STAFF_TOKEN_AUDIENCE and STAFF_TOKEN_JWKS).',
  );
}

// Made once per execution environment, on the first token: the JWKS it caches is reused.
let verifier: StaffTokenVerifier | undefined;

/** Forget the verifier (tests that change the environment). */
export function resetStaffTokenVerifier(): void {
  verifier = undefined;
}

const invalidToken = () =>
  new HttpProblem(
    {
      ...problems.unauthorized(),
      detail: 'The bearer token is not a valid staff token. Send a valid one, or none to act as a resident.',
    },
    { 'www-authenticate': 'Bearer error="invalid_token"' },
  );

/**
 * Who is calling an `optionalStaff` route: anonymous without an `Authorization` header; staff
 * with the token's groups when it is a valid staff token; otherwise 401 (malformed, forged,
 * expired, another issuer or app client), never silently anonymous, so a coordinator whose token
 * lapsed is told rather than having their asset filed as a resident's suggestion.
 */
export async function principalFromBearer(authorization: string | undefined): Promise<Principal> {
  if (authorization === undefined) return { kind: 'anonymous' };
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw invalidToken();
  verifier ??= createVerifier();
  let payload: JwtPayload;
  try {
    payload = await verifier.verify(match[1] as string);
  } catch {
    throw invalidToken();
  }
  const subject = payload.sub;
  if (typeof subject !== 'string' || subject === '') throw invalidToken();
  return { kind: 'staff', userId: subject, roles: parseGroups(payload['cognito:groups']) };
}
