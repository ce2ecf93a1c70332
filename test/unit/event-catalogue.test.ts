import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventCatalogue } from '../../events/catalogue';

const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
const sample = (detailType: string) =>
  JSON.parse(
    readFileSync(new URL(`../../events/samples/${kebab(detailType)}.json`, import.meta.url), 'utf8'),
  );

describe('event catalogue', () => {
  it.each(eventCatalogue.map((event) => [event.detailType, event] as const))(
    '%s has an EventBridge sample whose detail matches its schema',
    (_name, event) => {
      // Act
      const envelope = sample(event.detailType);

      // Assess
      expect(envelope.source).toBe(event.source);
      expect(envelope['detail-type']).toBe(event.detailType);
      expect(event.detail.safeParse(envelope.detail).error).toBeUndefined();
    },
  );

  it('names each event once', () => {
    const names = eventCatalogue.map((event) => `${event.source}/${event.detailType}`);
    expect(new Set(names).size).toBe(names.length);
  });
});
