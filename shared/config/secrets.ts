import { createHmac } from 'node:crypto';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { participantHash } from '../domain/participant';
import { runtimeConfig } from './runtime';

let participantKey: Promise<string> | undefined;

/**
 * The HMAC key behind participant hashes. Locally and in tests it is an environment variable; in
 * the cloud it is a Secrets Manager secret read once per execution environment and cached.
 */
export function participantHashKey(): Promise<string> {
  participantKey ??= (async () => {
    const config = runtimeConfig();
    if (config.PARTICIPANT_HASH_KEY) return config.PARTICIPANT_HASH_KEY;
    if (!config.PARTICIPANT_HASH_KEY_SECRET_ARN) {
      throw new Error('Set PARTICIPANT_HASH_KEY or PARTICIPANT_HASH_KEY_SECRET_ARN');
    }
    const secret = await getSecret(config.PARTICIPANT_HASH_KEY_SECRET_ARN, { maxAge: 3600 });
    if (typeof secret !== 'string' || secret.length < 32)
      throw new Error('The participant hash secret is missing or too short');
    return secret;
  })();
  return participantKey;
}

/**
 * The participant identity of an address (see `participantHash`): keyed with the city's secret,
 * canonicalised with the deployment's dot-insensitive domains. Every context hashes through this,
 * so one mailbox is one participant everywhere.
 */
export async function participantIdentity(email: string): Promise<string> {
  return participantHash(email, await participantHashKey(), runtimeConfig().EMAIL_DOT_INSENSITIVE_DOMAINS);
}

/**
 * A keyed hash of something other than an address (a signer's name under the household rule, the
 * IP address a signature came from), with the same secret and a purpose prefix, so equal values
 * compare equal without the value being stored, and no purpose's hash equals another's.
 */
export async function keyedHash(purpose: string, value: string): Promise<string> {
  return createHmac('sha256', await participantHashKey())
    .update(`${purpose}:${value}`)
    .digest('base64url');
}
