import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { HttpContext } from '../../functions/context';
import { httpContexts } from '../../functions/contexts';
import { pascal } from '../../infra/constructs/naming';
import { requestModelSchema } from '../../infra/constructs/request-model-schema';
import type { AnyRouteContract } from '../../shared/http/route';
import { type SynthesizedApp, synthesize, testConfig } from './civic-app';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

/** Each API Gateway resource's full path (`/engagements/{engagementId}`), by logical ID. */
function resourcePaths(resources: Resources): Map<string, string> {
  const paths = new Map<string, string>();
  const pathOf = (logicalId: string): string => {
    const known = paths.get(logicalId);
    if (known !== undefined) return known;
    const resource = resources[logicalId];
    if (!resource) throw new Error(`No resource ${logicalId}`);
    const { ParentId, PathPart } = resource.Properties as { ParentId: { Ref?: string }; PathPart: string };
    const parent = ParentId.Ref;
    const path = `${parent ? pathOf(parent) : ''}/${PathPart}`;
    paths.set(logicalId, path);
    return path;
  };
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type === 'AWS::ApiGateway::Resource') pathOf(logicalId);
  }
  return paths;
}

/** The places a JSON schema uses the `format` keyword (a string value), as paths. */
function formatKeywordsIn(schema: unknown, path = '$'): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  return Object.entries(schema).flatMap(([key, value]) =>
    key === 'format' && typeof value === 'string'
      ? [`${path}.format`]
      : formatKeywordsIn(value, `${path}.${key}`),
  );
}

describe('HTTP API', () => {
  let civic: SynthesizedApp;
  let resources: Resources;
  let paths: Map<string, string>;
  const routes = httpContexts.flatMap((context) => context.routes.map((route) => ({ context, route })));

  beforeAll(() => {
    civic = synthesize();
    resources = civic.template.toJSON().Resources as Resources;
    paths = resourcePaths(resources);
  });

  // The methods live in the route stacks, their path resources in the city's stack.
  const methods = () =>
    Object.values(civic.resourcesOfType('AWS::ApiGateway::Method')).map(
      (resource) => resource.Properties as Record<string, unknown> & { HttpMethod: string },
    );
  const pathOfMethod = (method: Record<string, unknown>) => {
    const ref = (method.ResourceId as { Ref?: string }).Ref;
    return ref ? paths.get(ref) : '/';
  };

  it('has one method per route, on the route’s path', () => {
    // Prepare
    const declared = routes.map(({ route }) => `${route.method} ${route.path} ${route.operationId}`).sort();

    // Act
    const deployed = methods()
      .filter((method) => typeof method.OperationName === 'string')
      .map((method) => `${method.HttpMethod} ${pathOfMethod(method)} ${method.OperationName}`)
      .sort();

    // Assess
    expect(routes.length).toBeGreaterThan(0);
    expect(deployed).toEqual(declared);
  });

  it('streams the answers of streaming contexts, invoking their function with response streaming', () => {
    // Prepare
    const streamed = routes.filter(({ context }) => context.responseTransfer === 'stream');
    const byOperation = new Map(
      methods()
        .filter((method) => typeof method.OperationName === 'string')
        .map((method) => [method.OperationName as string, method.Integration as Record<string, unknown>]),
    );

    // Act
    const modes = routes.map(({ route }) => ({
      operationId: route.operationId,
      mode: byOperation.get(route.operationId)?.ResponseTransferMode ?? 'BUFFERED',
    }));
    const exportIntegration = byOperation.get('listSurveyResponses');

    // Assess
    expect(streamed.map(({ route }) => route.operationId)).toContain('listSurveyResponses');
    for (const { operationId, mode } of modes)
      expect(mode, operationId).toBe(
        streamed.some(({ route }) => route.operationId === operationId) ? 'STREAM' : 'BUFFERED',
      );
    expect(JSON.stringify(exportIntegration?.Uri)).toContain('response-streaming-invocations');
    expect(exportIntegration?.TimeoutInMillis).toBe(300_000);
  });

  it('puts the Cognito authorizer on staff routes and no authorization on public and optional-staff ones', () => {
    // Prepare
    const [authorizerId] = Object.keys(civic.template.findResources('AWS::ApiGateway::Authorizer'));

    // Act
    const byOperation = new Map(methods().map((method) => [method.OperationName, method]));

    // Assess
    for (const { route } of routes) {
      const method = byOperation.get(route.operationId);
      // API Gateway cannot make an authorizer optional: optionalStaff functions check tokens themselves.
      if (route.auth === 'public' || route.auth === 'optionalStaff') {
        expect(method, route.operationId).toMatchObject({ AuthorizationType: 'NONE' });
        expect(method?.AuthorizerId, route.operationId).toBeUndefined();
      } else {
        expect(method, route.operationId).toMatchObject({
          AuthorizationType: 'COGNITO_USER_POOLS',
          AuthorizerId: { Ref: authorizerId },
        });
      }
    }
  });

  it('validates JSON bodies against a draft-4 model and leaves other media types to the function', () => {
    // Prepare
    const bodyRoutes = routes.filter(({ route }) => route.request.body);
    const byOperation = new Map(methods().map((method) => [method.OperationName, method]));

    // Act
    const models = civic.resourcesOfType('AWS::ApiGateway::Model');

    // Assess
    expect(Object.keys(models)).toHaveLength(bodyRoutes.length);
    for (const { route } of bodyRoutes) {
      const method = byOperation.get(route.operationId);
      expect(Object.keys(method?.RequestModels as object), route.operationId).toEqual(['application/json']);
      expect(method?.RequestValidatorId, route.operationId).toBeDefined();
    }
    for (const model of Object.values(models)) {
      expect(model.Properties.Schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
      // The `format` keyword (draft-4 API Gateway ignores or refuses it); a property named `format` is fine.
      expect(formatKeywordsIn(model.Properties.Schema)).toEqual([]);
    }
    civic.template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
    });
  });

  it('keeps properties named like schema keywords when it strips annotations from a model', () => {
    // Prepare
    const schema = z.object({
      description: z.string().describe('A field called description'),
      format: z.enum(['a', 'b']),
      when: z.iso.datetime({ offset: true }),
    });

    // Act
    const model = requestModelSchema(schema) as { properties: Record<string, Record<string, unknown>> };

    // Assess
    expect(Object.keys(model.properties)).toEqual(['description', 'format', 'when']);
    expect(model.properties.description).toEqual({ type: 'string' });
    expect(model.properties.when?.format).toBeUndefined();
    expect(model.properties.when?.pattern).toEqual(expect.any(String));
  });

  it('keeps each context’s methods and body models in a nested stack of its own', () => {
    // Prepare
    const routeStack = (context: HttpContext) =>
      civic.templates.get(`${civic.stack.node.path}/Http/${pascal(context.name)}Routes`);

    // Act
    const inParent = [
      ...Object.keys(civic.template.findResources('AWS::ApiGateway::Method')),
      ...Object.keys(civic.template.findResources('AWS::ApiGateway::Model')),
    ];

    // Assess
    expect(inParent).toEqual([]);
    for (const context of httpContexts) {
      const template = routeStack(context);
      const operations = Object.values(template?.findResources('AWS::ApiGateway::Method') ?? {})
        .map((method) => method.Properties.OperationName)
        .filter((name) => name !== undefined);
      const models = Object.keys(template?.findResources('AWS::ApiGateway::Model') ?? {});
      expect(operations.sort(), context.name).toEqual(
        context.routes.map((route) => route.operationId).sort(),
      );
      expect(models, context.name).toHaveLength(context.routes.filter((route) => route.request.body).length);
    }
  });

  it('deploys the stage only after every route stack', () => {
    // Prepare
    const routeStacks = Object.keys(civic.template.findResources('AWS::CloudFormation::Stack'));

    // Act
    const [deployment] = Object.values(civic.template.findResources('AWS::ApiGateway::Deployment'));

    // Assess
    expect(routeStacks).toHaveLength(civic.stack.http.routeStacks.size);
    expect(routeStacks.length).toBeGreaterThan(0);
    for (const routeStack of routeStacks) expect(deployment?.DependsOn, routeStack).toContain(routeStack);
  });

  describe('the stage’s deployment', () => {
    // One synth per test: each blocks the worker for seconds, and three in a row starve its
    // conversation with vitest on a loaded machine.
    const deploymentId = (app: SynthesizedApp) => {
      const [id] = Object.keys(app.template.findResources('AWS::ApiGateway::Deployment'));
      return id;
    };
    /** The route tables with the first route that `pick` accepts replaced by `change(route)`. */
    const changing = (
      pick: (route: AnyRouteContract) => boolean,
      change: (route: AnyRouteContract) => AnyRouteContract,
    ): HttpContext[] => {
      const target = routes.find(({ route }) => pick(route))?.route;
      if (!target) throw new Error('No route to change');
      return httpContexts.map((context) => ({
        ...context,
        routes: context.routes.map((route) => (route === target ? change(route) : route)),
      }));
    };

    it('keeps its logical ID when no route changes', () => {
      // Act
      const again = synthesize();

      // Assess
      expect(deploymentId(again)).toBe(deploymentId(civic));
    });

    it('gets a new logical ID when a body model in a route stack changes', () => {
      // Prepare
      const otherBody = changing(
        (route) => route.request.body !== undefined,
        (route) => ({ ...route, request: { ...route.request, body: z.object({ probe: z.string() }) } }),
      );

      // Act
      const changed = synthesize(testConfig, { httpContexts: otherBody });

      // Assess
      expect(deploymentId(changed)).not.toBe(deploymentId(civic));
    });

    it('gets a new logical ID when a method in a route stack changes', () => {
      // Prepare
      const staffOnly = changing(
        (route) => route.auth === 'public' && route.method === 'GET',
        (route) => ({ ...route, auth: { roles: ['admin'] } }),
      );

      // Act
      const changed = synthesize(testConfig, { httpContexts: staffOnly });

      // Assess
      expect(deploymentId(changed)).not.toBe(deploymentId(civic));
    });
  });

  it('sends unknown paths and undeclared methods to a function instead of API Gateway’s 403', () => {
    // Prepare
    const routedPaths = new Set(routes.map(({ route }) => route.path));

    // Act
    const anyPaths = new Set(
      methods()
        .filter((method) => method.HttpMethod === 'ANY')
        .map(pathOfMethod),
    );

    // Assess
    expect(anyPaths).toEqual(new Set(['/', '/{proxy+}', ...routedPaths]));
  });

  it('answers API Gateway’s own errors with problem+json', () => {
    // Prepare
    const expectedStatuses = {
      UNAUTHORIZED: '401',
      ACCESS_DENIED: '403',
      MISSING_AUTHENTICATION_TOKEN: '404',
      REQUEST_TOO_LARGE: '413',
      UNSUPPORTED_MEDIA_TYPE: '415',
      BAD_REQUEST_BODY: '422',
      THROTTLED: '429',
      DEFAULT_5XX: undefined,
    };

    // Act
    const responses = Object.values(civic.template.findResources('AWS::ApiGateway::GatewayResponse'));

    // Assess
    for (const [type, status] of Object.entries(expectedStatuses)) {
      const response = responses.find((candidate) => candidate.Properties.ResponseType === type);
      expect(response?.Properties.StatusCode, type).toBe(status);
      expect(response?.Properties.ResponseParameters['gatewayresponse.header.Content-Type'], type).toBe(
        "'application/problem+json'",
      );
      expect(response?.Properties.ResponseTemplates['application/json'], type).toMatch(/^\{"type":/);
    }
    const badBody = responses.find((candidate) => candidate.Properties.ResponseType === 'BAD_REQUEST_BODY');
    expect(badBody?.Properties.ResponseTemplates['application/json']).toContain(
      '$context.error.validationErrorString',
    );
  });

  it('traces, throttles and writes JSON access logs without client IPs or request URLs', () => {
    // Prepare
    const throttling = { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 };

    // Act
    const [stage] = Object.values(civic.template.findResources('AWS::ApiGateway::Stage'));

    // Assess
    expect(stage?.Properties).toMatchObject({
      TracingEnabled: true,
      MethodSettings: expect.arrayContaining([
        expect.objectContaining({ HttpMethod: '*', ResourcePath: '/*', ...throttling }),
      ]),
    });
    const format = JSON.parse(stage?.Properties.AccessLogSetting.Format) as Record<string, string>;
    expect(format.requestId).toBe('$context.requestId');
    expect(Object.values(format).join(' ')).not.toMatch(/sourceIp|userAgent|claims/);
    // The route template only, never the request's path or query: a mailed link's page carries
    // its capability token in `?token=` (issue 12, item 5).
    expect(format.resourcePath).toBe('$context.resourcePath');
    expect(Object.values(format).join(' ')).not.toMatch(/\$context\.path|querystring|\$input|\$request/);
  });

  it('leaves CORS preflights to the functions, through the ANY fallback of every route resource', () => {
    // Prepare
    const routed = methods().filter(
      (method) =>
        (method.Integration as { Type?: string } | undefined)?.Type === 'AWS_PROXY' &&
        method.HttpMethod !== 'ANY',
    );
    const fallbacks = methods().filter((method) => method.HttpMethod === 'ANY');

    // Act
    const mocks = methods().filter((method) => method.HttpMethod === 'OPTIONS');
    const resourcesWithRoutes = new Set(routed.map((method) => JSON.stringify(method.ResourceId)));
    const resourcesWithFallback = new Set(fallbacks.map((method) => JSON.stringify(method.ResourceId)));

    // Assess
    expect(mocks).toEqual([]);
    for (const resource of resourcesWithRoutes) expect(resourcesWithFallback).toContain(resource);
    for (const fallback of fallbacks) expect(fallback.AuthorizationType).toBe('NONE');
  });

  it('associates a regional web ACL with the rate limit and the managed rule groups to the stage', () => {
    // Prepare
    const [stageId] = Object.keys(civic.template.findResources('AWS::ApiGateway::Stage'));
    const [aclId] = Object.keys(civic.template.findResources('AWS::WAFv2::WebACL'));

    // Act
    const associations = civic.template.findResources('AWS::WAFv2::WebACLAssociation');

    // Assess
    civic.template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      Rules: Match.arrayWith([
        Match.objectLike({
          Statement: { RateBasedStatement: Match.objectLike({ Limit: 500, AggregateKeyType: 'IP' }) },
        }),
        // In evaluation order: reputation first, so known-bad IPs cost no further inspection.
        ...[
          'AWSManagedRulesAmazonIpReputationList',
          'AWSManagedRulesCommonRuleSet',
          'AWSManagedRulesKnownBadInputsRuleSet',
        ].map((name) =>
          Match.objectLike({
            Statement: { ManagedRuleGroupStatement: Match.objectLike({ VendorName: 'AWS', Name: name }) },
          }),
        ),
      ]),
    });
    expect(Object.values(associations)).toEqual([
      expect.objectContaining({
        Properties: {
          WebACLArn: { 'Fn::GetAtt': [aclId, 'Arn'] },
          ResourceArn: { 'Fn::Join': ['', expect.arrayContaining([{ Ref: stageId }])] },
        },
      }),
    ]);
  });

  it('creates a staff pool with the route table’s roles as groups and required MFA', () => {
    // Prepare
    const roles = ['admin', 'coordinator', 'analyst'];

    // Act
    const groups = Object.values(civic.template.findResources('AWS::Cognito::UserPoolGroup')).map(
      (group) => group.Properties.GroupName,
    );

    // Assess
    expect(groups.sort()).toEqual(roles.sort());
    civic.template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        MfaConfiguration: 'ON',
        UserPoolTier: 'PLUS',
        AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
      }),
    });
  });

  it('gives the staff console no OAuth flow unless the config names where sign-in returns', () => {
    // Act
    const clients = civic.template.findResources('AWS::Cognito::UserPoolClient');

    // Assess
    const [client] = Object.values(clients) as { Properties: Record<string, unknown> }[];
    expect(Object.keys(clients)).toHaveLength(1);
    expect(client?.Properties.AllowedOAuthFlowsUserPoolClient).toBe(false);
    expect(client?.Properties.AllowedOAuthFlows).toBeUndefined();
    expect(client?.Properties.CallbackURLs).toBeUndefined();
  });

  it('allows only the authorization code flow, to the configured URLs, for the hosted sign-in', () => {
    // Prepare
    const staffSignIn = {
      callbackUrls: ['https://staff.example.gov/signed-in'],
      logoutUrls: ['https://staff.example.gov/'],
    };

    // Act
    const { template } = synthesize({ ...testConfig, staffSignIn });

    // Assess
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      CallbackURLs: staffSignIn.callbackUrls,
      LogoutURLs: staffSignIn.logoutUrls,
      GenerateSecret: false,
    });
    expect(() =>
      synthesize({ ...testConfig, staffSignIn: { callbackUrls: staffSignIn.callbackUrls } }),
    ).toThrow(/staffSignIn\.logoutUrls/);
  });

  it('imports an existing user pool when the config names one', () => {
    // Prepare
    const config = { ...testConfig, existingUserPoolId: 'eu-west-1_AbCdEf123' };

    // Act
    const { template } = synthesize(config);

    // Assess
    template.resourceCountIs('AWS::Cognito::UserPool', 0);
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      ProviderARNs: [
        Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':userpool/eu-west-1_AbCdEf123'])] }),
      ],
    });
  });
});
