import { type CfnElement, NestedStack, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { EventConsumer, HttpContext, OnceJob, ScheduledJob } from '../../functions/context';
import { buildApp, type CivicApp } from '../../infra/app';
import { type CivicConfigInput, parseConfig } from '../../infra/config';

/**
 * `aws:cdk:bundling-stacks: []` makes every NodejsFunction skip esbuild (the asset gets a
 * placeholder hash), so a synth takes a second or two instead of bundling each function.
 */
export const skipBundling = { 'aws:cdk:bundling-stacks': [] };

/** Settings close to a real city's, so CORS, thank-you pages and locales are exercised. */
export const testConfig: CivicConfigInput = {
  municipality: 'Ville de Saint-Étienne',
  timeZone: 'Europe/Paris',
  locales: ['fr', 'en'],
  allowedOrigins: ['https://www.example.gov'],
  thankYouUrls: ['https://www.example.gov/merci/'],
  wafRateLimit: 500,
};

/** A resource as a template states it. */
export interface TemplateResource {
  Type: string;
  // biome-ignore lint/suspicious/noExplicitAny: template properties are whatever CloudFormation takes
  Properties: Record<string, any>;
  DependsOn?: string[];
  Metadata?: Record<string, unknown>;
}

export interface SynthesizedApp extends CivicApp {
  /** The city's stack's own template (its nested stacks' resources are not in it). */
  template: Template;
  /** The city's stack and each of its nested stacks (the API's route stacks), by construct path. */
  templates: Map<string, Template>;
  /**
   * Every resource of `type` in the city's stack and its nested stacks, by logical ID. In a nested
   * stack's resources, a reference to a parameter is replaced by what the parent passes to it, so
   * a method's `ResourceId` reads `{ Ref: <the parent's resource> }` wherever the method lives.
   */
  resourcesOfType(type: string): Record<string, TemplateResource>;
}

export interface SynthesizeOptions {
  eventConsumers?: readonly EventConsumer[];
  scheduledJobs?: readonly ScheduledJob[];
  /** @default onceJobs */
  onceJobs?: readonly OnceJob[];
  /**
   * Run CDK's built-in CloudFormation schema validation (about two seconds per synth); only the
   * test that checks it turns it on.
   */
  validateTemplates?: boolean;
  /** Run cfn-guard's rules at synth (tens of seconds per synth); only `guard.test.ts` turns it on. */
  guardRules?: boolean;
  /** @default httpContexts */
  httpContexts?: readonly HttpContext[];
}

/** `value` with every `{ Ref: parameter }` replaced by `parameters[parameter]`. */
function substituteParameters(value: unknown, parameters: Record<string, unknown>): unknown {
  if (Array.isArray(value)) return value.map((item) => substituteParameters(item, parameters));
  if (value === null || typeof value !== 'object') return value;
  const { Ref: ref, ...rest } = value as Record<string, unknown>;
  if (typeof ref === 'string' && Object.keys(rest).length === 0 && ref in parameters) return parameters[ref];
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, substituteParameters(item, parameters)]),
  );
}

/** The stack's template and its nested stacks', each with the parameters its parent passes in. */
function stackTemplates(
  stack: Stack,
): { path: string; template: Template; parameters: Record<string, unknown> }[] {
  const nested = stack.node
    .findAll()
    .filter((construct): construct is NestedStack => NestedStack.isNestedStack(construct));
  const parents = new Map<Stack, Template>([[stack, Template.fromStack(stack)]]);
  for (const child of nested) parents.set(child, Template.fromStack(child));
  return [...parents].map(([current, template]) => {
    const resource = current.nestedStackResource;
    const parent = current.nestedStackParent;
    if (!resource || !parent) return { path: current.node.path, template, parameters: {} };
    const logicalId = parent.resolve((resource as CfnElement).logicalId) as string;
    const passed = (parents.get(parent)?.toJSON().Resources[logicalId]?.Properties?.Parameters ??
      {}) as Record<string, unknown>;
    return { path: current.node.path, template, parameters: passed };
  });
}

/** Builds and synthesizes the app without bundling; cdk-nag errors make this throw. */
export function synthesize(
  config: CivicConfigInput = testConfig,
  options: SynthesizeOptions = {},
): SynthesizedApp {
  const civic = buildApp(parseConfig(config), {
    appProps: { context: skipBundling, builtinCloudFormationValidation: options.validateTemplates ?? false },
    guardRules: options.guardRules ?? false,
    ...(options.eventConsumers ? { eventConsumers: options.eventConsumers } : {}),
    ...(options.scheduledJobs ? { scheduledJobs: options.scheduledJobs } : {}),
    ...(options.onceJobs ? { onceJobs: options.onceJobs } : {}),
    ...(options.httpContexts ? { httpContexts: options.httpContexts } : {}),
  });
  const stacks = stackTemplates(civic.stack);
  const resourcesOfType = (type: string): Record<string, TemplateResource> => {
    const found: Record<string, TemplateResource> = {};
    for (const { path, template, parameters } of stacks) {
      for (const [logicalId, resource] of Object.entries(template.findResources(type))) {
        if (logicalId in found) throw new Error(`Logical ID ${logicalId} is in two stacks (one is ${path})`);
        found[logicalId] = substituteParameters(resource, parameters) as TemplateResource;
      }
    }
    return found;
  };
  return {
    ...civic,
    template: stacks[0]?.template as Template,
    templates: new Map(stacks.map(({ path, template }) => [path, template])),
    resourcesOfType,
  };
}
