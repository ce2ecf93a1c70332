import { z } from 'zod';
import { idSchema } from '../../shared/domain/ids';
import { localeTag, localizedText } from '../../shared/domain/localized-text';
import { maxPageSize, pageQuery, pageSchema } from '../../shared/domain/page';
import { longText, oneLineText } from '../../shared/domain/text';

const id = idSchema;

/**
 * The categories a city maps. Category names are key segments (`<category>#<assetId>`), so they
 * are kebab-case and never contain `#`.
 */
export const assetCategories = [
  'park',
  'library',
  'community-centre',
  'school',
  'health-service',
  'social-service',
  'sports-facility',
  'place-of-worship',
  'organisation',
  'market',
  'other',
] as const;
export type AssetCategory = (typeof assetCategories)[number];

export const assetStatuses = ['pending', 'approved', 'rejected'] as const;
export type AssetStatus = (typeof assetStatuses)[number];

const neighbourhood = oneLineText({ max: 100 });

const location = z
  .object({
    lat: z.number().min(-90).max(90).describe('Latitude, WGS 84 decimal degrees.'),
    lon: z.number().min(-180).max(180).describe('Longitude, WGS 84 decimal degrees.'),
  })
  .describe('A point. GeoJSON output puts it as `[lon, lat]`.');

const contact = z
  .object({
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9][0-9 ()./-]{3,29}$/, 'Use digits, spaces and + ( ) . / - only.')
      .optional(),
    email: z.email().max(254).optional(),
    website: z
      .url({ protocol: /^https?$/, hostname: z.regexes.domain })
      .max(500)
      .optional(),
  })
  .describe('How to reach the place itself (not the person who suggested it).');

// ── Input ────────────────────────────────────────────────────────────────────

export const assetInput = z.object({
  name: oneLineText({ min: 2, max: 200 }),
  category: z.enum(assetCategories),
  location,
  neighbourhood,
  contact: contact.optional(),
  openingHours: longText({ max: 500 }).optional().describe('Free text, e.g. "Mon–Fri 9–17".'),
  accessibilityNotes: longText({ max: 2000 }).optional(),
  languages: z
    .array(localeTag)
    .max(20)
    .optional()
    .describe('Languages spoken at the place (staff, services), as language tags: `en`, `es`, `uk`.'),
  description: localizedText(4000, 'long').optional(),
});
export type AssetInput = z.output<typeof assetInput>;

export const assetReviewInput = z.object({
  decision: z.enum(['approve', 'reject']),
  reason: longText({ min: 3, max: 1000 }).describe('Kept with the asset for the audit trail.'),
});
export type AssetReviewInput = z.output<typeof assetReviewInput>;

// ── Output ───────────────────────────────────────────────────────────────────

export const asset = z.object({
  assetId: z.string(),
  name: z.string(),
  category: z.enum(assetCategories),
  location: z.object({ lat: z.number(), lon: z.number() }),
  neighbourhood: z.string(),
  contact: z
    .object({ phone: z.string().optional(), email: z.string().optional(), website: z.string().optional() })
    .optional(),
  openingHours: z.string().optional(),
  accessibilityNotes: z.string().optional(),
  languages: z.array(z.string()).max(20).optional(),
  description: z.record(z.string(), z.string()).optional(),
  status: z.enum(assetStatuses),
  origin: z.enum(['staff', 'suggestion']).describe('Entered by staff, or suggested by a resident.'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Asset = z.infer<typeof asset>;

export const assetReviewResult = z.object({
  assetId: z.string(),
  status: z.enum(assetStatuses),
  reviewedAt: z.string(),
});

const assetFeature = z.object({
  type: z.literal('Feature'),
  id: z.string().describe('The asset ID.'),
  geometry: z.object({
    type: z.literal('Point'),
    coordinates: z.tuple([z.number(), z.number()]).describe('`[lon, lat]`, as RFC 7946 orders them.'),
  }),
  properties: asset.omit({ assetId: true, location: true, status: true, origin: true }),
});

export const assetFeatureCollection = z
  .object({
    type: z.literal('FeatureCollection'),
    features: z.array(assetFeature).max(maxPageSize),
    nextCursor: z
      .string()
      .optional()
      .describe('A foreign member (RFC 7946 §6.1): pass back as `cursor`; absent on the last page.'),
  })
  .describe('An RFC 7946 GeoJSON FeatureCollection of approved assets.');
export type AssetFeatureCollection = z.input<typeof assetFeatureCollection>;

// ── Open Referral HSDS 3.0 (`GET /assets?format=hsds`) ──────────────────────
// Field names and required fields as HSDS 3.0 names them (openreferral/specification, schema/*.json):
// a service needs `id`, `name`, `status`; a location `id` and `location_type`; the rest `id`.

const uuid = z.uuid();

const hsdsAccessibility = z.object({
  id: uuid,
  location_id: uuid,
  description: z.string().describe('The asset’s accessibility notes, as the city wrote them.'),
});

const hsdsLocation = z.object({
  id: uuid,
  location_type: z.enum(['physical', 'postal', 'virtual']),
  name: z.string(),
  description: z.string().describe('The neighbourhood: Civic stores no street address.'),
  latitude: z.number(),
  longitude: z.number(),
  accessibility: z.array(hsdsAccessibility).max(1),
});

const hsdsTaxonomyTerm = z.object({
  id: uuid,
  code: z.string(),
  name: z.string(),
  description: z.string(),
  taxonomy: z.string(),
});

const hsdsService = z.object({
  id: uuid.describe('Derived from the asset ID: the same asset always has the same service ID.'),
  name: z.string(),
  status: z.enum(['active', 'inactive', 'defunct', 'temporarily closed']),
  description: z.string().optional(),
  url: z.string().optional(),
  email: z.string().optional(),
  phones: z.array(z.object({ id: uuid, number: z.string() })).max(1),
  languages: z
    .array(z.object({ id: uuid, service_id: uuid, name: z.string(), code: z.string() }))
    .max(20)
    .describe('Languages spoken at the place: `code` is the language tag, `name` its English name.'),
  attributes: z
    .array(
      z.object({
        id: uuid,
        link_id: uuid,
        link_entity: z.literal('service'),
        taxonomy_term_id: uuid,
        taxonomy_term: hsdsTaxonomyTerm,
      }),
    )
    .max(1)
    .describe('The asset’s category, as a term of the `civic-asset-category` taxonomy.'),
  service_at_locations: z
    .array(z.object({ id: uuid, service_id: uuid, location_id: uuid, location: hsdsLocation }))
    .max(1)
    .describe('An asset is one place: one location.'),
});
export type HsdsService = z.input<typeof hsdsService>;

export const hsdsServicePage = z
  .object({
    contents: z.array(hsdsService).max(maxPageSize),
    nextCursor: z.string().optional().describe('Pass back as `cursor`; absent on the last page.'),
  })
  .describe(
    'Approved assets as Open Referral HSDS 3.0 services, each at one physical location, paged like the GeoJSON map.',
  );
export type HsdsServicePage = z.input<typeof hsdsServicePage>;

// ── Params and queries ───────────────────────────────────────────────────────

export const assetParams = z.object({ assetId: id });

/** `[minLon, minLat, maxLon, maxLat]`; `minLon > maxLon` is a box across the antimeridian (RFC 7946 §5.2). */
export type BoundingBox = [number, number, number, number];

const bbox = z
  .string()
  .max(200)
  // Numbers and commas only: a code, not text, so it is checked by its shape.
  .regex(/^[-+0-9., eE]*$/, 'Give four numbers: minLon,minLat,maxLon,maxLat.')
  .transform((value, context): BoundingBox => {
    const parts = value.split(',').map((part) => (part.trim() === '' ? Number.NaN : Number(part)));
    const [minLon, minLat, maxLon, maxLat] = parts as BoundingBox;
    const problem =
      parts.length !== 4 || parts.some((n) => !Number.isFinite(n))
        ? 'Give four numbers: minLon,minLat,maxLon,maxLat.'
        : [minLon, maxLon].some((lon) => lon < -180 || lon > 180)
          ? 'Longitudes must lie between -180 and 180.'
          : [minLat, maxLat].some((lat) => lat < -90 || lat > 90)
            ? 'Latitudes must lie between -90 and 90.'
            : minLat > maxLat
              ? 'minLat must not be greater than maxLat.'
              : undefined;
    if (problem) {
      context.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    return [minLon, minLat, maxLon, maxLat];
  })
  .describe('`minLon,minLat,maxLon,maxLat` (WGS 84). A minLon above maxLon crosses the antimeridian.');

export const assetListQuery = z.object({
  ...pageQuery,
  category: z.enum(assetCategories).optional(),
  neighbourhood: neighbourhood.optional().describe('Matched ignoring case and repeated spaces.'),
  bbox: bbox.optional(),
  format: z
    .enum(['geojson', 'hsds'])
    .default('geojson')
    .describe(
      '`geojson` (RFC 7946), or `hsds`: Open Referral HSDS 3.0 services, for service directories that speak it.',
    ),
});
export type AssetFilter = Pick<z.output<typeof assetListQuery>, 'category' | 'neighbourhood' | 'bbox'>;

export const pendingAssetListQuery = z.object({ ...pageQuery });
export const assetPage = pageSchema(asset);
