import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { Stage } from 'aws-cdk-lib/aws-apigateway';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnLoggingConfiguration, CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { RateLimits } from '../../shared/http/rate-limits';
import type { AnyRouteContract } from '../../shared/http/route';
import { rateLimitRules, tooManyRequestsAction } from './rate-limit-rules';

export interface WebAclProps {
  slug: string;
  /** The API stage to protect. */
  stage: Stage;
  /** Requests one IP may make in any 5-minute window, to any route. */
  rateLimit: number;
  /** Every route the stage serves: the per-route limits scope down to those under each. */
  routes: readonly AnyRouteContract[];
  /** The per-IP limits on public writes (`rateLimits` in the config). */
  routeRateLimits: RateLimits;
  /** The URI path prefixes requests reach the stage with: its name, a custom domain's base path. */
  pathPrefixes: readonly string[];
  /**
   * `Access-Control-Allow-Origin` for the 429s, so a browser client of that one origin can read
   * them (as for API Gateway's own error responses).
   * @default none
   */
  allowOrigin?: string;
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
 * The public routes' first line of defence: per-IP rate limits on public writes (one rule per
 * named limit, scoped down to its routes) and on everything together, each answered with a 429
 * problem and `Retry-After`; Amazon's IP reputation list; the common and known-bad-inputs managed
 * rule groups.
 */
export class WebAcl extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    const cors: Record<string, string> = props.allowOrigin
      ? { 'Access-Control-Allow-Origin': props.allowOrigin, Vary: 'Origin' }
      : {};
    const routeLimits = rateLimitRules({
      routes: props.routes,
      limits: props.routeRateLimits,
      prefixes: props.pathPrefixes,
      priority: 0,
      headers: cors,
    });
    const overall = routeLimits.rules.length;

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: `civic-${props.slug}`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`civic-${props.slug}`),
      customResponseBodies: {
        ...routeLimits.bodies,
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
        ...routeLimits.rules,
        {
          name: 'RateLimitPerIp',
          priority: overall,
          action: tooManyRequestsAction('tooManyRequests', 300, cors),
          statement: {
            rateBasedStatement: { limit: props.rateLimit, aggregateKeyType: 'IP', evaluationWindowSec: 300 },
          },
          visibilityConfig: visibility('RateLimitPerIp'),
        },
        managedRuleGroup('AWSManagedRulesAmazonIpReputationList', overall + 1),
        // SizeRestrictions_BODY blocks bodies over 8 KB, but a contribution may be 10,000
        // characters: the size limit is the function's MAX_BODY_BYTES (413 problem) instead.
        managedRuleGroup('AWSManagedRulesCommonRuleSet', overall + 2, [
          { name: 'SizeRestrictions_BODY', actionToUse: { count: {} } },
        ]),
        managedRuleGroup('AWSManagedRulesKnownBadInputsRuleSet', overall + 3),
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
