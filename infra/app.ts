import { pathToFileURL } from 'node:url';
import { App, type AppProps } from 'aws-cdk-lib';
import type { NagPack } from 'cdk-nag';
import type { EventConsumer, HttpContext, OnceJob, ScheduledJob } from '../functions/context';
import { contexts, eventConsumers, httpContexts, onceJobs, scheduledJobs } from '../functions/contexts';
import { CivicStack } from './civic-stack';
import { type CivicConfig, CivicConfigError, configContextKey, loadConfig, slugOf } from './config';
import { acknowledgeGuardDesignChoices, addGuardRules } from './guard';
import { addNagPacks } from './nag';

export interface BuildAppOptions {
  /** An app to build into (the CLI entry point passes the one it read the context from). */
  app?: App;
  /** Props for a new app; tests pass context `{ 'aws:cdk:bundling-stacks': [] }` to skip esbuild. */
  appProps?: AppProps;
  /** @default httpContexts */
  httpContexts?: readonly HttpContext[];
  /** @default eventConsumers */
  eventConsumers?: readonly EventConsumer[];
  /** @default scheduledJobs */
  scheduledJobs?: readonly ScheduledJob[];
  /** @default onceJobs */
  onceJobs?: readonly OnceJob[];
  /**
   * Run cfn-guard's Control Tower rules at synth (`infra/guard.ts`). They take tens of seconds on
   * this stack's template, so test synths leave them out and one test runs them.
   * @default true
   */
  guardRules?: boolean;
}

export interface CivicApp {
  app: App;
  stack: CivicStack;
  /** The cdk-nag packs registered on the app (tests call `validateScope(app)` on them). */
  nagPacks: NagPack[];
}

/**
 * The CDK app for one municipality: its stack, checked by cdk-nag's AwsSolutions and Serverless
 * packs and by cfn-guard's Control Tower rules.
 */
export function buildApp(config: CivicConfig, options: BuildAppOptions = {}): CivicApp {
  const app = options.app ?? new App(options.appProps);
  const slug = slugOf(config.municipality);
  const stack = new CivicStack(app, `Civic-${slug}`, {
    description: `Civic participation backend of ${config.municipality}`,
    // Deploys where the CLI's credentials point; without credentials the stack stays environment-agnostic.
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
    // One route table makes one large stack: unindented, its template stays well inside
    // CloudFormation's 1 MB (it passed 95% of it indented). `npx cdk synth` output is for machines.
    suppressTemplateIndentation: true,
    config,
    httpContexts: options.httpContexts ?? httpContexts,
    eventConsumers: options.eventConsumers ?? eventConsumers,
    scheduledJobs: options.scheduledJobs ?? scheduledJobs,
    onceJobs: options.onceJobs ?? onceJobs,
    personalData: contexts.flatMap((context) => context.personalData ?? []),
  });
  const nagPacks = addNagPacks(app);
  acknowledgeGuardDesignChoices(stack);
  if (options.guardRules ?? true) addGuardRules(app);
  return { app, stack, nagPacks };
}

function main(): void {
  const app = new App();
  let config: CivicConfig;
  try {
    config = loadConfig({ context: app.node.tryGetContext(configContextKey) });
  } catch (error) {
    if (!(error instanceof CivicConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  buildApp(config, { app });
  app.synth();
}

// `cdk` runs this file (cdk.json: `npx tsx infra/app.ts`); tests import `buildApp` instead.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
