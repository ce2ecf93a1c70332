import { z } from 'zod';
import { defineRoute } from '../../shared/http/route';
import { personalData } from '../../shared/privacy/personal-data';
import type { ContextDeclaration } from '../context';

export const openApiInfo = {
  title: 'Civic API',
  version: '0.1.0',
  description:
    'The civic participation backend a municipality runs in its own AWS account. Generated from the route tables.',
};

const tag = 'platform';

/** The route contracts; what each does is bound in `handler.ts`. */
export const platformRoutes = [
  defineRoute({
    operationId: 'getHealth',
    method: 'GET',
    path: '/health',
    summary: 'Liveness check',
    tag,
    auth: 'public',
    request: {},
    response: { status: 200, description: 'The API is up.', schema: z.object({ status: z.literal('ok') }) },
  }),
  defineRoute({
    operationId: 'getOpenApiDocument',
    method: 'GET',
    path: '/openapi.json',
    summary: 'This API’s OpenAPI 3.1 document',
    tag,
    auth: 'public',
    request: {},
    response: {
      status: 200,
      description: 'The OpenAPI document.',
      schema: z.record(z.string(), z.unknown()),
    },
  }),
];

/**
 * Health and the OpenAPI document; in the cloud also the 404/405 answer for paths no context
 * owns. The document is built from every context's declarations when the app is built (CDK synth,
 * `npm start`, `npm run openapi`) and served from that file, so this function bundles no other
 * context.
 */
export const platform: ContextDeclaration = {
  name: 'platform',
  personalData: [
    personalData({
      entity: 'OutboxEvent',
      fields: [],
      identity: ['detail.participantHash', 'gsi3pk'],
      purpose:
        'To publish each domain event once, from the same transaction as the change it reports; events carry a keyed hash, never an address, and are in the person index (gsi3) so erasing the person deletes them at once.',
      legalBasis: 'publicTask',
      retentionDays: 7,
      atExpiry: 'delete',
      readers: 'mail',
    }),
  ],
  http: [
    {
      name: 'platform',
      entry: 'functions/platform/handler.ts',
      routes: platformRoutes,
      tableAccess: 'none',
      servesOpenApiDocument: true,
    },
  ],
};
