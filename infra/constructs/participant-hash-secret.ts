import { RemovalPolicy } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';
import type { CivicFunction } from './civic-function';

export interface ParticipantHashSecretProps {
  /** Encrypts the secret; the data key, so one key policy governs all resident data. */
  encryptionKey: IKey;
}

/**
 * The HMAC key behind participant hashes (`shared/domain/participant.ts`): a resident's email is
 * never stored as an identity, only its keyed hash, so "one vote each" works without a list of
 * who voted. Generated once by Secrets Manager; nobody needs to know it.
 */
export class ParticipantHashSecret extends Construct {
  readonly secret: Secret;

  constructor(scope: Construct, id: string, props: ParticipantHashSecretProps) {
    super(scope, id);
    this.secret = new Secret(this, 'Secret', {
      description:
        'Civic: HMAC key for participant hashes. Never rotate or delete: every stored hash depends on it.',
      encryptionKey: props.encryptionKey,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      // Losing it would orphan every participant hash (and re-open voting to everyone who voted).
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.secret, {
      id: 'AwsSolutions-SMG4',
      reason:
        'The HMAC key must stay stable: rotating it would change every participant hash and break one-vote-per-participant and erasure requests.',
    });
  }

  /** Lets a function read the key: `PARTICIPANT_HASH_KEY_SECRET_ARN` plus `GetSecretValue` on this secret only. */
  grantTo(fn: CivicFunction): void {
    this.secret.grantRead(fn);
    fn.addEnvironment('PARTICIPANT_HASH_KEY_SECRET_ARN', this.secret.secretArn);
  }
}
