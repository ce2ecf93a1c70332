import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type App, Duration, NestedStack, Size, Stack } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  EndpointType,
  type IResource,
  LambdaIntegration,
  LogGroupLogDestination,
  Method,
  type MethodDeploymentOptions,
  type MethodOptions,
  Model,
  type RequestValidator,
  ResponseTransferMode,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { z } from 'zod';
import { contextTimeoutSeconds, type HttpContext, reservedConcurrencyOf } from '../../functions/context';
import { tableKeyPolicyOf } from '../../functions/contexts';
import { rateLimitsOf } from '../../shared/http/rate-limits';
import { type AnyRouteContract, checksStaffTokens, isStaffOnly } from '../../shared/http/route';
import type { CivicConfig } from '../config';
import { configEnvironment } from '../function-environment';
import { guardRule } from '../guard';
import { acknowledge } from '../nag';
import { buildOpenApiDocumentFor } from '../openapi-document';
import { CivicFunction } from './civic-function';
import { pascal } from './naming';
import type { ParticipantHashSecret } from './participant-hash-secret';
import { addProblemGatewayResponses } from './problem-gateway-responses';
import { requestModelSchema } from './request-model-schema';

/** The API's one stage: its URLs end in `/v1/…`. */
const stageName = 'v1';

/**
 * The path prefixes requests reach the stage with, as WAF sees them: the stage name on the
 * execute-api URL, and a custom domain's base path (`''` when mapped at its root).
 */
export function requestPathPrefixes(config: Pick<CivicConfig, 'publicApiBaseUrl'>): string[] {
  const prefixes = [`/${stageName}`];
  if (config.publicApiBaseUrl) prefixes.push(new URL(config.publicApiBaseUrl).pathname.replace(/\/+$/, ''));
  return [...new Set(prefixes)];
}

/**
 * API Gateway throttles for the rate-limited routes, by `/path/METHOD`: each takes its most
 * specific limit's (`votes`, `signups`, else `publicWrites`) from `methodThrottling`.
 */
export function methodThrottles(
  routes: readonly AnyRouteContract[],
  config: Pick<CivicConfig, 'methodThrottling'>,
): Record<string, MethodDeploymentOptions> {
  const options: Record<string, MethodDeploymentOptions> = {};
  for (const route of routes) {
    const [limit] = rateLimitsOf(route);
    if (!limit) continue;
    const throttle = config.methodThrottling[limit];
    options[`${route.path}/${route.method}`] = {
      throttlingRateLimit: throttle.rateLimit,
      throttlingBurstLimit: throttle.burstLimit,
    };
  }
  return options;
}

export interface HttpApiProps {
  config: CivicConfig;
  slug: string;
  /** Every HTTP context; one function each, one method per route. */
  contexts: readonly HttpContext[];
  table: ITable;
  participantHashKey: ParticipantHashSecret;
  userPool: IUserPool;
  /** The staff console's app client: tokens sent to `optionalStaff` routes must be its ID tokens. */
  userPoolClientId: string;
  logRetention: RetentionDays;
}

/** The context whose function answers unknown paths (404) and serves health and OpenAPI. */
export const fallbackContextName = 'platform';

/** API Gateway's access log line: what happened and how long it took, with no IP, user agent or identity. */
const accessLogFields = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTimeEpoch',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integration.latency',
  integrationStatus: '$context.integration.status',
  errorType: '$context.error.responseType',
  authorizerError: '$context.authorizer.error',
  wafStatus: '$context.waf.status',
  xrayTraceId: '$context.xrayTraceId',
};

const pathParameters = (path: string) =>
  [...path.matchAll(/\{([^}+]+)\+?\}/g)].map((match) => match[1] as string);

/** Query parameter names and whether each is required on input (defaults make a parameter optional). */
function queryParameters(route: AnyRouteContract): [string, boolean][] {
  if (!route.request.query) return [];
  const schema = z.toJSONSchema(route.request.query, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, unknown>;
    required?: string[];
  };
  return Object.keys(schema.properties ?? {}).map((name) => [name, (schema.required ?? []).includes(name)]);
}

/**
 * API Gateway refuses two sibling path variables with different names (`/a/{id}` and `/a/{aId}`);
 * say which routes disagree at synth time rather than at deploy time.
 */
function assertConsistentPathVariables(routes: readonly AnyRouteContract[]): void {
  const variableAt = new Map<string, { name: string; route: string }>();
  for (const route of routes) {
    const segments = route.path.split('/').filter(Boolean);
    segments.forEach((segment, index) => {
      if (!segment.startsWith('{')) return;
      const parent = `/${segments.slice(0, index).join('/')}`;
      const seen = variableAt.get(parent);
      if (seen && seen.name !== segment) {
        throw new Error(
          `Path variables disagree under ${parent}: ${seen.name} (${seen.route}) and ${segment} (${route.method} ${route.path})`,
        );
      }
      variableAt.set(parent, { name: segment, route: `${route.method} ${route.path}` });
    });
  }
}

/** Bundling hooks that copy `file` into the asset, beside `index.mjs`, as `name`. */
function placeBesideBundle(file: string, name: string): ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir, outputDir) => [`cp "${file}" "${join(outputDir, name)}"`],
  };
}

/**
 * APIG4 and COG4 ask for authorization on every method (CORS preflights excepted). Residents use
 * Civic without an account, so public routes and the 404/405 fallbacks are public on purpose.
 */
function acknowledgeNoAuthorization(method: Method, reason: string): void {
  acknowledge(method, { id: 'AwsSolutions-APIG4', reason }, { id: 'AwsSolutions-COG4', reason });
}

/**
 * The REST API, built from the route tables: one function per context and one method per route,
 * with the Cognito authorizer on staff routes, request validation from the zod schemas, problem+json
 * for API Gateway's own errors, JSON access logs, tracing and throttling. CORS preflights are the
 * functions' (through the `ANY` fallbacks), as on the local gateway.
 */
export class HttpApi extends Construct {
  readonly api: RestApi;
  /** Where people reach the API: the custom domain from the config, else the stage's own URL. */
  readonly publicBaseUrl: string;
  /** The function of each context, by context name. */
  readonly functions: ReadonlyMap<string, CivicFunction>;
  /**
   * The nested stack holding each context's methods and body models, by context name: a stack is
   * capped at 500 resources, and the route tables alone would pass that (docs/deploy.md).
   */
  readonly routeStacks = new Map<string, NestedStack>();
  private readonly integrations = new Map<string, LambdaIntegration>();
  private readonly contexts = new Map<string, HttpContext>();
  private readonly validator: RequestValidator;
  private readonly userPool: IUserPool;
  private authorizer: CognitoUserPoolsAuthorizer | undefined;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    const { config, contexts } = props;
    this.userPool = props.userPool;
    const fallback = contexts.find((context) => context.name === fallbackContextName);
    if (!fallback)
      throw new Error(
        `The "${fallbackContextName}" context is missing from httpContexts; it answers unknown paths.`,
      );
    assertConsistentPathVariables(contexts.flatMap((context) => context.routes));

    for (const context of contexts) this.contexts.set(context.name, context);
    this.functions = new Map(contexts.map((context) => [context.name, this.contextFunction(context, props)]));

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention });
    this.api = new RestApi(this, 'Api', {
      restApiName: `civic-${props.slug}`,
      description: `Civic participation API of ${config.municipality}`,
      endpointConfiguration: { types: [EndpointType.REGIONAL] },
      // Account-wide setting: the project leaves the API Gateway CloudWatch role to the account owner (cdk.json).
      cloudWatchRole: false,
      minCompressionSize: Size.kibibytes(1),
      deployOptions: {
        stageName,
        tracingEnabled: true,
        throttlingRateLimit: config.throttling.rateLimit,
        throttlingBurstLimit: config.throttling.burstLimit,
        methodOptions: methodThrottles(
          contexts.flatMap((context) => context.routes),
          config,
        ),
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.custom(JSON.stringify(accessLogFields)),
      },
      // No OPTIONS method per resource: a CORS preflight reaches the resource's `ANY` fallback
      // (below), and the function answers it from the same policy as on this machine
      // (shared/http/cors.ts). One mock method per resource would cost a resource each, in a
      // stack that CloudFormation caps at 500.
    });
    // Built from the API's id rather than `api.url`: the stage depends on every method and so on
    // every function, while the API itself depends on none, so functions may name it.
    const stack = Stack.of(this);
    this.publicBaseUrl =
      config.publicApiBaseUrl ??
      `https://${this.api.restApiId}.execute-api.${stack.region}.${stack.urlSuffix}/${stageName}`;
    for (const fn of this.functions.values()) fn.addEnvironment('PUBLIC_API_BASE_URL', this.publicBaseUrl);

    this.validator = this.api.addRequestValidator('Validator', {
      requestValidatorName: 'parameters-and-body',
      validateRequestParameters: true,
      validateRequestBody: true,
    });

    const ownersByResource = new Map<IResource, Set<string>>();
    for (const context of contexts) {
      for (const route of context.routes) {
        const resource = this.api.root.resourceForPath(route.path);
        this.addRoute(resource, route, context);
        const owners = ownersByResource.get(resource) ?? new Set<string>();
        owners.add(context.name);
        ownersByResource.set(resource, owners);
      }
    }

    // Explicit methods win in API Gateway, so `ANY` only sees methods no route declares: the
    // owning context's router answers CORS preflights (OPTIONS) and 405 with `Allow` for the
    // others (it knows the path); unknown paths reach
    // the platform function's 404 through `/{proxy+}`. Each answer is a proper problem document.
    for (const [resource, owners] of ownersByResource) {
      const owner = owners.size === 1 ? [...owners][0] : fallbackContextName;
      this.addFallback(
        resource,
        owner ?? fallbackContextName,
        'Answers 405 with Allow for methods the path does not have',
      );
    }
    this.addFallback(this.api.root, fallbackContextName, 'Answers 404 for the bare root');
    this.addFallback(
      this.api.root.addResource('{proxy+}'),
      fallbackContextName,
      'Answers 404 for paths no route declares',
    );

    const allowOrigin = config.allowedOrigins.length === 1 ? config.allowedOrigins[0] : undefined;
    addProblemGatewayResponses(this.api, allowOrigin);

    const noExecutionLogs =
      'Execution logging needs the account-wide API Gateway CloudWatch role, which this stack does not take over (cdk.json disables it); JSON access logs and each function’s logs cover every request.';
    acknowledge(
      this.api.deploymentStage,
      { id: 'AwsSolutions-APIG6', reason: noExecutionLogs },
      {
        id: guardRule('api_gw_v1_execution_logging_enabled_check'),
        reason: `CT.APIGATEWAY.PR.1: ${noExecutionLogs}`,
      },
    );
    acknowledge(this.api, {
      id: guardRule('lambda_function_public_access_prohibited_check'),
      reason:
        'CT.LAMBDA.PR.2: each permission lets only API Gateway invoke, with SourceArn set to this API’s execute-api ARN; the rule cannot read that ARN because it is an Fn::Join.',
    });
  }

  /**
   * The API's OpenAPI document, generated now from the contexts' route contracts and written into
   * the cloud assembly's folder, for the bundling step to place beside the platform function.
   */
  private openApiDocumentFile(contexts: readonly HttpContext[], config: CivicConfig): string {
    const file = join((this.node.root as App).outdir, 'civic-openapi.json');
    writeFileSync(file, JSON.stringify(buildOpenApiDocumentFor(contexts, config.rateLimits)));
    return file;
  }

  private contextFunction(context: HttpContext, props: HttpApiProps): CivicFunction {
    const { config } = props;
    const fn = new CivicFunction(this, `${pascal(context.name)}Function`, {
      entry: context.entry,
      serviceName: context.name,
      logRetention: props.logRetention,
      timeout: Duration.seconds(contextTimeoutSeconds(context)),
      reservedConcurrentExecutions: reservedConcurrencyOf(context, 'http', config.reservedConcurrency),
      environment: {
        ...configEnvironment(config),
        // Only functions with `optionalStaff` routes check tokens themselves; the JWKS is public
        // HTTPS, so they need no extra permission.
        ...(checksStaffTokens(context.routes)
          ? {
              STAFF_USER_POOL_ID: props.userPool.userPoolId,
              STAFF_USER_POOL_CLIENT_ID: props.userPoolClientId,
            }
          : {}),
      },
      ...(context.servesOpenApiDocument
        ? {
            bundling: {
              commandHooks: placeBesideBundle(
                this.openApiDocumentFile(props.contexts, config),
                'openapi.json',
              ),
            },
          }
        : {}),
    });
    fn.bindTable({ table: props.table, policy: tableKeyPolicyOf(context) });
    // Only the contexts that hash residents' addresses ("one action per participant") get the key.
    if (context.hashesParticipants) props.participantHashKey.grantTo(fn);
    acknowledge(fn, {
      id: 'Serverless-LambdaDLQ',
      reason:
        'Invoked synchronously by API Gateway: every failure is answered to the caller as a problem response, so there is no asynchronous event to dead-letter.',
    });
    return fn;
  }

  /**
   * The nested stack of one context's methods and models, made with its first route. The API, its
   * path resources, authorizer, validator and stage stay in the parent: contexts share paths, the
   * authorizer is attached to this one RestApi object whichever stack a method is in, and CDK still
   * makes the deployment depend on every method (through its nested stack) and hash each method
   * and model into its logical ID, so a changed route is deployed to the stage
   * (test/infra/http-api.test.ts). CDK passes each method the parent's IDs as stack parameters.
   */
  private routesOf(contextName: string): NestedStack {
    let stack = this.routeStacks.get(contextName);
    if (!stack) {
      stack = new NestedStack(this, `${pascal(contextName)}Routes`, {
        description: `Civic API methods and request models of the ${contextName} context`,
      });
      this.routeStacks.set(contextName, stack);
    }
    return stack;
  }

  private integrationFor(contextName: string): LambdaIntegration {
    let integration = this.integrations.get(contextName);
    if (!integration) {
      const fn = this.functions.get(contextName);
      if (!fn) throw new Error(`No function for context ${contextName}`);
      const context = this.contexts.get(contextName) as HttpContext;
      const streams = context.responseTransfer === 'stream';
      // One API-wide invoke permission per function, not one per method: the function's resource
      // policy has a 20 KB limit that a few dozen per-method permissions would reach.
      integration = new LambdaIntegration(fn, {
        proxy: true,
        scopePermissionToMethod: false,
        // Streamed answers (exports) may outlast the 29 s a buffered integration gets.
        ...(streams
          ? {
              responseTransferMode: ResponseTransferMode.STREAM,
              timeout: Duration.seconds(contextTimeoutSeconds(context)),
            }
          : {}),
      });
      this.integrations.set(contextName, integration);
    }
    return integration;
  }

  /** Created with the first staff route: an authorizer attached to no method fails the synth. */
  private staffAuthorizer(): CognitoUserPoolsAuthorizer {
    this.authorizer ??= new CognitoUserPoolsAuthorizer(this, 'StaffAuthorizer', {
      cognitoUserPools: [this.userPool],
      identitySource: 'method.request.header.Authorization',
      resultsCacheTtl: Duration.minutes(5),
    });
    return this.authorizer;
  }

  private addRoute(resource: IResource, route: AnyRouteContract, context: HttpContext): Method {
    const requestParameters: Record<string, boolean> = {};
    for (const name of pathParameters(route.path)) requestParameters[`method.request.path.${name}`] = true;
    for (const [name, required] of queryParameters(route))
      requestParameters[`method.request.querystring.${name}`] = required;

    let requestModels: Record<string, Model> | undefined;
    const routes = this.routesOf(context.name);
    if (route.request.body) {
      const model = new Model(routes, `${pascal(route.operationId)}Body`, {
        restApi: this.api,
        modelName: `${pascal(route.operationId)}Body`,
        contentType: 'application/json',
        description: `Body of ${route.operationId}`,
        schema: requestModelSchema(route.request.body),
      });
      // Only JSON is checked here: models apply per content type, so an urlencoded form post is
      // passed on untouched and validated (with a readable HTML answer) by the function.
      requestModels = { 'application/json': model };
    }

    // API Gateway cannot make an authorizer optional: `optionalStaff` methods have none, and their
    // function verifies a token when one is sent (`shared/http/staff-token.ts`).
    const auth: Pick<MethodOptions, 'authorizationType' | 'authorizer'> = isStaffOnly(route.auth)
      ? { authorizationType: AuthorizationType.COGNITO, authorizer: this.staffAuthorizer() }
      : { authorizationType: AuthorizationType.NONE };

    const method = new Method(routes, pascal(route.operationId), {
      resource,
      httpMethod: route.method,
      integration: this.integrationFor(context.name),
      options: {
        operationName: route.operationId,
        ...auth,
        requestValidator: this.validator,
        requestParameters,
        ...(requestModels ? { requestModels } : {}),
      },
    });
    // Acknowledged from the route's declaration, not the method's settings: a staff route that
    // somehow lost its authorizer is still reported.
    if (route.auth === 'public') {
      acknowledgeNoAuthorization(
        method,
        'Public resident-facing route (auth: public in the route table); protected by WAF, throttling and request validation.',
      );
    } else if (route.auth === 'optionalStaff') {
      acknowledgeNoAuthorization(
        method,
        'Public resident-facing route that staff may also call with a token (auth: optionalStaff): an authorizer cannot be optional, so the function verifies a token that is sent against the staff user pool and refuses a bad one; protected by WAF, throttling and request validation.',
      );
    }
    return method;
  }

  private addFallback(resource: IResource, contextName: string, purpose: string): void {
    // Named by the path ('/' is not allowed in construct IDs): one fallback per resource.
    const method = new Method(this.routesOf(contextName), `Any${resource.path.replaceAll('/', '_')}`, {
      resource,
      httpMethod: 'ANY',
      integration: this.integrationFor(contextName),
      options: { authorizationType: AuthorizationType.NONE },
    });
    acknowledgeNoAuthorization(
      method,
      `${purpose}; reaches no data and no staff route (explicit methods take precedence).`,
    );
  }
}
