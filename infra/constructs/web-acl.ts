import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { Stage } from 'aws-cdk-lib/aws-apigateway';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnLoggingConfiguration, CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface WebAclProps {
  slug: string;
  /** The API stage to protect. */
  stage: Stage;
  /** Requests one IP may make in any 5-minute window. */
  rateLimit: number;
  /** Write request metadata (client IPs included, so personal data) to a log group. */
  logging: boolean;
  logRetention: RetentionDays;
}

const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

/** An AWS managed rule group, in the order WAF evaluates it. */
function managedRuleGroup(
  name: string,
  priority: number,
  ruleActionOverrides?: CfnWebACL.RuleActionOverrideProperty[],
): CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name,
        ...(ruleActionOverrides ? { ruleActionOverrides } : {}),
      },
    },
    visibilityConfig: visibility(name),
  };
}

/**
 * The public routes' first line of defence: a per-IP rate limit (answered with a 429 problem),
 * Amazon's IP reputation list, and the common and known-bad-inputs managed rule groups.
 */
export class WebAcl extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: `civic-${props.slug}`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`civic-${props.slug}`),
      customResponseBodies: {
        tooManyRequests: {
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify({
            type: 'urn:civic:problem:too-many-requests',
            title: 'Too many requests',
            status: 429,
            detail: 'Too many requests from your network in the last few minutes; please wait and try again.',
          }),
        },
      },
      rules: [
        {
          name: 'RateLimitPerIp',
          priority: 0,
          action: {
            block: { customResponse: { responseCode: 429, customResponseBodyKey: 'tooManyRequests' } },
          },
          statement: {
            rateBasedStatement: { limit: props.rateLimit, aggregateKeyType: 'IP', evaluationWindowSec: 300 },
          },
          visibilityConfig: visibility('RateLimitPerIp'),
        },
        managedRuleGroup('AWSManagedRulesAmazonIpReputationList', 1),
        // SizeRestrictions_BODY blocks bodies over 8 KB, but a contribution may be 10,000
        // characters: the size limit is the function's MAX_BODY_BYTES (413 problem) instead.
        managedRuleGroup('AWSManagedRulesCommonRuleSet', 2, [
          { name: 'SizeRestrictions_BODY', actionToUse: { count: {} } },
        ]),
        managedRuleGroup('AWSManagedRulesKnownBadInputsRuleSet', 3),
      ],
    });

    new CfnWebACLAssociation(this, 'StageAssociation', {
      resourceArn: props.stage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });

    if (props.logging) {
      // WAF only delivers to log groups whose name starts with `aws-waf-logs-`.
      const logGroupName = `aws-waf-logs-civic-${props.slug}`;
      const logs = new LogGroup(this, 'Logs', {
        logGroupName,
        retention: props.logRetention,
        // Client IPs are personal data: they go with the stack rather than outlive it.
        removalPolicy: RemovalPolicy.DESTROY,
      });
      const logging = new CfnLoggingConfiguration(this, 'Logging', {
        resourceArn: this.webAcl.attrArn,
        // WAF wants the log group ARN without the trailing `:*` that CloudFormation's Arn has.
        logDestinationConfigs: [
          Stack.of(this).formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: logGroupName,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
        // Staff tokens never reach the logs.
        redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
      });
      logging.node.addDependency(logs);
    }
  }
}
