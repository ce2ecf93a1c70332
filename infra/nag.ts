import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, type NagPack, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** One acknowledged cdk-nag finding: the rule (with `[finding]` for IAM wildcards) and why it is acceptable. */
export interface NagAcknowledgement {
  id: string;
  reason: string;
}

/**
 * Acknowledges cdk-nag findings on `scope` and everything below it. cdk-nag 3 reads CDK's own
 * `Validations.acknowledge()` metadata (its v2 `NagSuppressions` API is gone); a reason is mandatory.
 */
export function acknowledge(scope: IConstruct, ...rules: NagAcknowledgement[]): void {
  for (const rule of rules) {
    if (rule.reason.trim().length < 20)
      throw new Error(`cdk-nag acknowledgement ${rule.id} needs a real reason`);
  }
  Validations.of(scope).acknowledge(...rules);
}

/**
 * Runs the AwsSolutions and Serverless packs at every synth. In cdk-nag 3 the packs are CDK
 * validation plugins (not Aspects): an error stops the synth, warnings are printed in the report,
 * and `writeSuppressionsToCloudFormation` keeps each acknowledgement and its reason in the
 * template's metadata as an audit trail.
 *
 * @returns the packs, so tests can call `validateScope(app)` and see errors and warnings alike.
 */
export function addNagPacks(app: App): NagPack[] {
  const packs: NagPack[] = [
    new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }),
    new ServerlessChecks(app, { verbose: true }),
  ];
  Validations.of(app).addPlugins(...packs);
  return packs;
}
