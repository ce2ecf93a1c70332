import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import {
  type App,
  type IPolicyValidationContextBeta1,
  NestedStack,
  type PolicyValidationPluginReportBeta1,
  type Stack,
  Validations,
} from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { acknowledge } from './nag';

/** The plugin's name, which CDK uses as the namespace of its rule IDs in reports and acknowledgements. */
const pluginNamespace = 'cdk-validator-cfnguard';

/**
 * A cfn-guard rule as CDK's `Validations.acknowledge()` names it: `cdk-validator-cfnguard::` and
 * the rule's name in the guard file (`lambda_inside_vpc_check`), as the synth report prints it.
 */
export const guardRule = (name: string): string => `${pluginNamespace}::${name}`;

/**
 * The templates of the nested stacks below the stacks being validated, written beside their
 * top-level stack's template in the cloud assembly.
 */
export function nestedTemplatePaths(context: IPolicyValidationContextBeta1): string[] {
  const directoryOf = new Map(context.templatePaths.map((path) => [basename(path), dirname(path)]));
  return context.appConstruct.node
    .findAll()
    .filter((construct): construct is NestedStack => NestedStack.isNestedStack(construct))
    .flatMap((nested) => {
      let top: Stack = nested;
      while (top.nestedStackParent) top = top.nestedStackParent;
      const directory = directoryOf.get(top.templateFile);
      return directory === undefined ? [] : [join(directory, nested.templateFile)];
    })
    .filter((path) => existsSync(path));
}

/**
 * CDK hands validation plugins the templates of top-level stacks only; the API's methods live in
 * nested stacks (`http-api.ts`), so they are added here. The plugin keeps its name, so findings
 * map to constructs and acknowledgements apply as in any other template (CDK finds a finding's
 * construct by the template's file name and the logical ID).
 */
class CfnGuardValidatorWithNestedStacks extends CfnGuardValidator {
  override validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    return super.validate({
      ...context,
      templatePaths: [...context.templatePaths, ...nestedTemplatePaths(context)],
    });
  }
}

/**
 * Runs cfn-guard with the AWS Control Tower proactive controls bundled in
 * `@cdklabs/cdk-validator-cfnguard` over every template at synth (the nested stacks' too), as a CDK validation plugin: an
 * unacknowledged violation stops the synth. The package has no per-resource suppression of its own;
 * CDK's `Validations.of(resource).acknowledge({ id: guardRule(…), reason })` (through `acknowledge`
 * in `nag.ts`, which insists on a reason) suppresses one rule on one construct and what is below it.
 */
export function addGuardRules(app: App): CfnGuardValidator {
  // cfn-guard prints its findings as one JSON document: more than Node's 1 MB default for this stack.
  const validator = new CfnGuardValidatorWithNestedStacks({ maxBuffer: 64 * 1024 * 1024 });
  Validations.of(app).addPlugins(validator);
  return validator;
}

/**
 * The Control Tower controls this stack answers with a design choice rather than a change, for
 * every resource of the stack; acknowledgements of one resource live beside it (`http-api.ts`,
 * `domain-events.ts`).
 */
export function acknowledgeGuardDesignChoices(stack: IConstruct): void {
  acknowledge(
    stack,
    {
      id: guardRule('lambda_inside_vpc_check'),
      reason:
        'CT.LAMBDA.PR.3: the functions reach only AWS APIs (DynamoDB, EventBridge, SES, Secrets Manager) over TLS with IAM; there is nothing in a VPC to reach, and a VPC would add NAT or endpoints to pay for and protect nothing more.',
    },
    {
      id: guardRule('cloudwatch_log_group_encrypted_check'),
      reason:
        'CT.CLOUDWATCH.PR.3: CloudWatch Logs encrypts every log group at rest; Civic logs no personal data (test/integration/no-personal-data-in-logs.test.ts), so a customer-managed key would add a key policy to keep without protecting more.',
    },
  );
}
