import { Template } from 'aws-cdk-lib/assertions';
import type { EventConsumer, ScheduledJob } from '../../functions/context';
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

export interface SynthesizedApp extends CivicApp {
  template: Template;
}

export interface SynthesizeOptions {
  eventConsumers?: readonly EventConsumer[];
  scheduledJobs?: readonly ScheduledJob[];
  /**
   * Run CDK's built-in CloudFormation schema validation (about two seconds per synth); only the
   * test that checks it turns it on.
   */
  validateTemplates?: boolean;
  /** Run cfn-guard's rules at synth (tens of seconds per synth); only `guard.test.ts` turns it on. */
  guardRules?: boolean;
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
  });
  return { ...civic, template: Template.fromStack(civic.stack) };
}
