import { CfnOutput, Fn, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import {
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  EmailIdentity,
  Identity,
  type IEmailIdentity,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface MailProps {
  slug: string;
  /** The From address of every message (`senderAddress`). */
  senderAddress: string;
  /** The SES identity covering the sender: a domain or the address itself. */
  identity: string;
  /**
   * Create the identity here (Easy DKIM) rather than use one already verified in the account.
   * @default true
   */
  createIdentity?: boolean;
}

/**
 * How Civic sends email: one SES v2 configuration set that every message goes through (TLS
 * required, bounces and complaints suppressed, reputation metrics on) and the identity that
 * authorises the sender. Functions that mail get `allowSending`, which is the only way any
 * function gets SES rights.
 */
export class Mail extends Construct {
  readonly configurationSet: ConfigurationSet;
  readonly identity: IEmailIdentity;
  readonly senderAddress: string;
  /** `arn:aws:ses:…:configuration-set/civic-<slug>`: what IAM names when a message uses the set. */
  readonly configurationSetArn: string;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    this.senderAddress = props.senderAddress;
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: `civic-${props.slug}`,
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      sendingEnabled: true,
      // Addresses that bounced or complained are not mailed again (digests go to staff, but
      // reminders reach residents: a mistyped address must not hurt the city's reputation).
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSetArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });

    const isAddress = props.identity.includes('@');
    if (props.createIdentity ?? true) {
      const identity = new EmailIdentity(this, 'Identity', {
        identity: isAddress ? Identity.email(props.identity) : Identity.domain(props.identity),
        // The identity's default set: even a message that names no set is sent through this one.
        configurationSet: this.configurationSet,
      });
      this.identity = identity;
      if (!isAddress) {
        identity.dkimRecords.forEach((record, index) => {
          new CfnOutput(this, `DkimRecord${index + 1}`, {
            description: `DNS record ${index + 1} of 3 that verifies ${props.identity} for SES (Easy DKIM)`,
            value: Fn.join(' ', [record.name, 'CNAME', record.value]),
          });
        });
      }
    } else {
      this.identity = EmailIdentity.fromEmailIdentityName(this, 'Identity', props.identity);
    }
  }

  /**
   * Lets a function send mail as `senderAddress` through the configuration set, and tells it how
   * (`MAIL_FROM`, `MAIL_CONFIGURATION_SET`, read by `mailerFromEnvironment()`). The grant names
   * the identity and this configuration set only: SES checks both when a message names a set,
   * so the function cannot send through any other set or as any other identity.
   */
  allowSending(fn: LambdaFunction): void {
    fn.addEnvironment('MAIL_FROM', this.senderAddress);
    fn.addEnvironment('MAIL_CONFIGURATION_SET', this.configurationSet.configurationSetName);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [this.identity.emailIdentityArn, this.configurationSetArn],
      }),
    );
  }
}
