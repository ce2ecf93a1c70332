import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { handler } from '../../functions/mapping/handler';
import { derivedUuid } from '../../functions/mapping/hsds';
import type { StaffRole } from '../../shared/http/route';
import { call, countItems } from '../support/api';
import { bearer } from '../support/staff-tokens';

/** Each test maps into a neighbourhood of its own, so tests sharing the file's table never see each other. */
const freshNeighbourhood = () => `Hood ${randomUUID()}`;

/**
 * HSDS 3.0's required fields and formats (openreferral/specification, schema/*.json), written
 * down independently of Civic's own response schema so that a drift in either shows: a service
 * needs `id`, `name`, `status` (one of four); a location `id` and `location_type`; an
 * accessibility entry, phone, attribute and service-at-location `id`; a taxonomy term `id`, `name`
 * and `description`. HSDS IDs are UUIDs.
 */
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
const hsds30Service = z.object({
  id: uuid,
  name: z.string().min(1),
  status: z.enum(['active', 'inactive', 'defunct', 'temporarily closed']),
  phones: z.array(z.object({ id: uuid, number: z.string().min(1) })).optional(),
  languages: z
    .array(z.object({ id: uuid, name: z.string().optional(), code: z.string().optional() }))
    .optional(),
  attributes: z
    .array(
      z.object({
        id: uuid,
        taxonomy_term: z.object({ id: uuid, name: z.string(), description: z.string() }).optional(),
      }),
    )
    .optional(),
  service_at_locations: z
    .array(
      z.object({
        id: uuid,
        location: z
          .object({
            id: uuid,
            location_type: z.enum(['physical', 'postal', 'virtual']),
            latitude: z.number().optional(),
            longitude: z.number().optional(),
            accessibility: z.array(z.object({ id: uuid })).optional(),
            addresses: z
              .array(
                z.object({
                  id: uuid,
                  address_1: z.string(),
                  city: z.string(),
                  state_province: z.string(),
                  postal_code: z.string(),
                  country: z.string(),
                  address_type: z.string(),
                }),
              )
              .optional(),
          })
          .optional(),
      }),
    )
    .optional(),
});

function assetBody(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Riverside Library',
    category: 'library',
    location: { lat: 51.5072, lon: -0.1276 },
    neighbourhood: 'Riverside',
    contact: {
      phone: '+44 20 7946 0000',
      email: 'library@example.gov',
      website: 'https://library.example.gov',
    },
    accessibilityNotes: 'Step-free entrance on Mill Lane.',
    languages: ['en', 'es'],
    description: { es: 'Libros y ordenadores.', en: 'Books and computers.' },
    ...overrides,
  };
}

async function mapAsset(overrides: Record<string, unknown> = {}, role?: StaffRole) {
  const answer = await call(handler, {
    method: 'POST',
    path: '/assets',
    body: assetBody(overrides),
    ...(role ? { headers: await bearer(role) } : {}),
  });
  if (answer.status !== 201) throw new Error(`asset: ${answer.body}`);
  return answer.json as { assetId: string };
}

const hsds = (query: Record<string, string>) =>
  call(handler, { method: 'GET', path: '/assets', query: { format: 'hsds', ...query } });

describe('GET /assets?format=hsds', () => {
  it('exports an approved asset as an HSDS 3.0 service at one physical location', async () => {
    // Prepare
    const neighbourhood = freshNeighbourhood();
    const { assetId } = await mapAsset({ neighbourhood }, 'coordinator');

    // Act
    const answer = await hsds({ neighbourhood });

    // Assess
    expect(answer.status).toBe(200);
    const [service] = answer.json.contents;
    expect(answer.json.contents).toHaveLength(1);
    expect(hsds30Service.safeParse(service).error).toBeUndefined();
    const serviceId = derivedUuid(`${assetId}/service`);
    const locationId = derivedUuid(`${assetId}/location`);
    expect(service).toEqual({
      id: serviceId,
      name: 'Riverside Library',
      status: 'active',
      description: 'Books and computers.',
      url: 'https://library.example.gov',
      email: 'library@example.gov',
      phones: [{ id: expect.any(String), number: '+44 20 7946 0000' }],
      languages: [
        { id: expect.any(String), service_id: serviceId, name: 'English', code: 'en' },
        { id: expect.any(String), service_id: serviceId, name: 'Spanish', code: 'es' },
      ],
      attributes: [
        expect.objectContaining({
          link_id: serviceId,
          link_entity: 'service',
          taxonomy_term: expect.objectContaining({ code: 'library', taxonomy: 'civic-asset-category' }),
        }),
      ],
      service_at_locations: [
        {
          id: expect.any(String),
          service_id: serviceId,
          location_id: locationId,
          location: {
            id: locationId,
            location_type: 'physical',
            name: 'Riverside Library',
            description: `Neighbourhood: ${neighbourhood}.`,
            latitude: 51.5072,
            longitude: -0.1276,
            accessibility: [
              {
                id: expect.any(String),
                location_id: locationId,
                description: 'Step-free entrance on Mill Lane.',
              },
            ],
          },
        },
      ],
    });
    expect(answer.json).not.toHaveProperty('nextCursor');
  });

  it('gives each asset the same IDs on every export, and different assets different IDs', async () => {
    // Prepare
    const neighbourhood = freshNeighbourhood();
    await mapAsset({ neighbourhood, name: 'Park one', category: 'park' }, 'coordinator');
    await mapAsset({ neighbourhood, name: 'Park two', category: 'park' }, 'coordinator');

    // Act
    const first = await hsds({ neighbourhood });
    const second = await hsds({ neighbourhood });

    // Assess
    expect(second.json).toEqual(first.json);
    const ids = first.json.contents.flatMap((service: z.infer<typeof hsds30Service>) => [
      service.id,
      ...(service.service_at_locations ?? []).flatMap((at) => [at.id, at.location?.id]),
    ]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(6);
  });

  it('leaves out what the asset does not hold rather than inventing it', async () => {
    // Prepare
    const neighbourhood = freshNeighbourhood();
    await mapAsset(
      {
        neighbourhood,
        contact: undefined,
        accessibilityNotes: undefined,
        languages: undefined,
        description: undefined,
      },
      'coordinator',
    );

    // Act
    const answer = await hsds({ neighbourhood });

    // Assess
    const [service] = answer.json.contents;
    expect(hsds30Service.safeParse(service).error).toBeUndefined();
    expect(service).not.toHaveProperty('url');
    expect(service).not.toHaveProperty('email');
    expect(service).not.toHaveProperty('description');
    expect(service.phones).toEqual([]);
    expect(service.languages).toEqual([]);
    expect(service.service_at_locations[0].location.accessibility).toEqual([]);
    expect(service.service_at_locations[0].location).not.toHaveProperty('addresses');
  });

  it('exports only approved assets, not residents’ pending suggestions', async () => {
    // Prepare
    const neighbourhood = freshNeighbourhood();
    await mapAsset({ neighbourhood, name: 'Suggested bench' });
    await mapAsset({ neighbourhood, name: 'Mapped library' }, 'coordinator');

    // Act
    const answer = await hsds({ neighbourhood });

    // Assess
    expect(answer.json.contents.map((service: { name: string }) => service.name)).toEqual(['Mapped library']);
  });

  it('pages like the GeoJSON map, following nextCursor to every asset once', async () => {
    // Prepare
    const neighbourhood = freshNeighbourhood();
    const names = ['A', 'B', 'C', 'D', 'E'].map((letter) => `Asset ${letter}`);
    for (const name of names) await mapAsset({ neighbourhood, name, category: 'park' }, 'coordinator');

    // Act
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await hsds({ neighbourhood, limit: '2', ...(cursor ? { cursor } : {}) });
      expect(page.status).toBe(200);
      expect(page.json.contents.length).toBeLessThanOrEqual(2);
      seen.push(...page.json.contents.map((service: { name: string }) => service.name));
      cursor = page.json.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);

    // Assess
    expect(seen).toEqual(names);
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it('answers GeoJSON without a format, and refuses an unknown one naming the field, writing nothing', async () => {
    // Prepare
    const neighbourhood = freshNeighbourhood();
    await mapAsset({ neighbourhood }, 'coordinator');
    const itemsBefore = await countItems();

    // Act
    const geojson = await call(handler, { method: 'GET', path: '/assets', query: { neighbourhood } });
    const unknown = await hsds({ neighbourhood, format: 'kml' });

    // Assess
    expect(geojson.json.type).toBe('FeatureCollection');
    expect(unknown.status).toBe(422);
    expect(unknown.json.errors.map((error: { path: string }) => error.path)).toEqual(['query.format']);
    expect(await countItems()).toBe(itemsBefore);
  });
});
