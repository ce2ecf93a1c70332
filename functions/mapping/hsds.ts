import { createHash } from 'node:crypto';
import type { HsdsService } from './schemas';
import type { StoredAsset } from './store';

/**
 * A stable UUID (version 5 layout: SHA-1, name-based) for each HSDS record of an asset. HSDS wants
 * UUIDs and ULIDs are not (their bits lack a UUID's version and variant); the same asset always
 * gives the same IDs, so a directory re-importing the export updates rather than duplicates them.
 */
export function derivedUuid(name: string): string {
  const bytes = createHash('sha1').update(`civic:hsds:${name}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });

/** The text HSDS's single-language `description` gets: English when the city wrote it, else the first. */
function oneDescription(description: Record<string, string> | undefined): string | undefined {
  if (!description) return undefined;
  return description.en ?? Object.values(description)[0];
}

/**
 * An approved asset as an HSDS 3.0 service (`status: active`: only approved assets are published)
 * delivered at one physical location. What Civic does not store is left out rather than invented:
 * assets have no street address (HSDS's address needs `address_1`, `city`, `postal_code`…), so
 * the neighbourhood goes into the location's description. Spoken languages are the service's
 * `languages`, named in English as HSDS's examples are (see docs/data-model.md, "Community assets").
 */
export function assetAsHsdsService(asset: StoredAsset): HsdsService {
  const serviceId = derivedUuid(`${asset.assetId}/service`);
  const locationId = derivedUuid(`${asset.assetId}/location`);
  const termId = derivedUuid(`category/${asset.category}`);
  const description = oneDescription(asset.description);
  return {
    id: serviceId,
    name: asset.name,
    status: 'active',
    ...(description ? { description } : {}),
    ...(asset.contact?.website ? { url: asset.contact.website } : {}),
    ...(asset.contact?.email ? { email: asset.contact.email } : {}),
    phones: asset.contact?.phone
      ? [{ id: derivedUuid(`${asset.assetId}/phone`), number: asset.contact.phone }]
      : [],
    languages: (asset.languages ?? []).map((code) => ({
      id: derivedUuid(`${asset.assetId}/language/${code}`),
      service_id: serviceId,
      name: languageNames.of(code) ?? code,
      code,
    })),
    attributes: [
      {
        id: derivedUuid(`${asset.assetId}/category`),
        link_id: serviceId,
        link_entity: 'service',
        taxonomy_term_id: termId,
        taxonomy_term: {
          id: termId,
          code: asset.category,
          name: asset.category,
          description: `Civic community-asset category "${asset.category}".`,
          taxonomy: 'civic-asset-category',
        },
      },
    ],
    service_at_locations: [
      {
        id: derivedUuid(`${asset.assetId}/service-at-location`),
        service_id: serviceId,
        location_id: locationId,
        location: {
          id: locationId,
          location_type: 'physical',
          name: asset.name,
          description: `Neighbourhood: ${asset.neighbourhood}.`,
          latitude: asset.location.lat,
          longitude: asset.location.lon,
          accessibility: asset.accessibilityNotes
            ? [
                {
                  id: derivedUuid(`${asset.assetId}/accessibility`),
                  location_id: locationId,
                  description: asset.accessibilityNotes,
                },
              ]
            : [],
        },
      },
    ],
  };
}
