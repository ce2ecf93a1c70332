import { z } from 'zod';

/** Form fields with a meaning of their own; they never reach the route's body schema. */
export const formControlFields = {
  /** Where to send the browser after success; must start with an allow-listed URL. */
  redirect: '_redirect',
  /** Hidden from people by the city's form; bots fill it in. */
  honeypot: '_honeypot',
  /** The form's own language (`es`): error messages use it before the browser's `Accept-Language`. */
  language: '_lang',
} as const;

export interface ParsedForm {
  body: Record<string, unknown>;
  redirect?: string;
  honeypotFilled: boolean;
  /** The `_lang` the form named, as sent. */
  language?: string;
}

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
};

const schemaCache = new WeakMap<z.ZodType, JsonSchema>();

function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  let cached = schemaCache.get(schema);
  if (!cached) {
    cached = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    schemaCache.set(schema, cached);
  }
  return cached;
}

/** The alternatives of a schema node (`optional`, unions and nullables appear as `anyOf`). */
function variants(node: JsonSchema | undefined): JsonSchema[] {
  if (!node) return [];
  const nested = [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])];
  return nested.length > 0 ? nested.flatMap(variants) : [node];
}

function typesOf(node: JsonSchema | undefined): Set<string> {
  return new Set(variants(node).flatMap((v) => (Array.isArray(v.type) ? v.type : v.type ? [v.type] : [])));
}

function childSchema(node: JsonSchema | undefined, key: string): JsonSchema | undefined {
  for (const variant of variants(node)) {
    const child = variant.properties?.[key];
    if (child) return child;
  }
  return undefined;
}

function itemsSchema(node: JsonSchema | undefined): JsonSchema | undefined {
  return variants(node).find((v) => v.items)?.items;
}

/** Turns one form string into what the schema expects; leaves it alone when unsure, so zod reports it. */
function coerceScalar(value: string, node: JsonSchema | undefined): unknown {
  const types = typesOf(node);
  if (types.has('string')) return value;
  if (
    (types.has('number') || types.has('integer')) &&
    value.trim() !== '' &&
    Number.isFinite(Number(value))
  ) {
    return Number(value);
  }
  if (types.has('boolean')) {
    if (['true', 'on', '1', 'yes'].includes(value)) return true;
    if (['false', 'off', '0', 'no'].includes(value)) return false;
  }
  return value;
}

/**
 * Reads an `application/x-www-form-urlencoded` body into the object the route's JSON schema
 * describes: dotted names nest (`participant.email`), repeated names make arrays, numbers and
 * booleans are coerced where the schema asks for them, and empty inputs count as absent — which
 * is what an untouched optional field in an HTML form means.
 */
export function parseForm(text: string, bodySchema: z.ZodType | undefined): ParsedForm {
  const root = bodySchema ? jsonSchemaOf(bodySchema) : undefined;
  const body: Record<string, unknown> = {};
  let redirect: string | undefined;
  let honeypotFilled = false;
  let language: string | undefined;

  const grouped = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(text)) {
    grouped.set(name, [...(grouped.get(name) ?? []), value]);
  }

  for (const [name, rawValues] of grouped) {
    if (name === formControlFields.redirect) {
      redirect = rawValues.at(-1);
      continue;
    }
    if (name === formControlFields.language) {
      language = rawValues.at(-1);
      continue;
    }
    if (name === formControlFields.honeypot) {
      honeypotFilled = rawValues.some((value) => value.trim() !== '');
      continue;
    }
    const values = rawValues.filter((value) => value !== '');
    if (values.length === 0) continue;

    const path = name.split('.');
    // Prototype keys would let a form reach Object.prototype; such a field is simply not ours.
    if (
      path.some((key) => key === '__proto__' || key === 'constructor' || key === 'prototype' || key === '')
    ) {
      continue;
    }
    let node = root;
    let target: Record<string, unknown> = body;
    for (const key of path.slice(0, -1)) {
      node = childSchema(node, key);
      const existing = target[key];
      if (typeof existing !== 'object' || existing === null || Array.isArray(existing)) target[key] = {};
      target = target[key] as Record<string, unknown>;
    }
    const leaf = path.at(-1) as string;
    const leafSchema = childSchema(node, leaf);
    if (typesOf(leafSchema).has('array')) {
      const items = itemsSchema(leafSchema);
      target[leaf] = values.map((value) => coerceScalar(value, items));
    } else {
      const coerced = values.map((value) => coerceScalar(value, leafSchema));
      target[leaf] = coerced.length === 1 ? coerced[0] : coerced;
    }
  }
  return { body, honeypotFilled, ...(redirect ? { redirect } : {}), ...(language ? { language } : {}) };
}

/**
 * An allow-list entry is a thank-you "folder": an absolute http(s) URL without userinfo, query or
 * fragment, whose path ends in `/` (`https://www.city.example/thanks/`). Without the final `/`,
 * `…/thanks` would also let `…/thanks-evil` through. Config validation uses this too.
 */
export function isRedirectAllowListEntry(entry: string): boolean {
  const parsed = parseHttpUrl(entry);
  return (
    parsed !== undefined &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.search === '' &&
    parsed.hash === '' &&
    parsed.pathname.endsWith('/')
  );
}

/** Characters no redirect target may hold: controls (CR/LF would split the header), spaces, backslashes. */
const unsafeInRedirect = /[\p{Cc}\p{Cf}\s\\]/u;

/**
 * The thank-you URL to send a browser to, when `url` is under an allow-list entry: the same scheme
 * and host (port included) as the entry, no userinfo, and a path inside the entry's folder. The
 * answer is the parsed URL's `href`, never the raw text, so what the browser gets is what was
 * checked. `undefined` when the URL is not allowed.
 */
export function allowedRedirect(url: string, allowList: readonly string[]): string | undefined {
  if (unsafeInRedirect.test(url)) return undefined;
  const parsed = parseHttpUrl(url);
  // Userinfo (`https://city.example@evil.example/`) only serves to make one host look like another.
  if (parsed?.username !== '' || parsed.password !== '') return undefined;
  const allowed = allowList.some((entry) => {
    const folder = isRedirectAllowListEntry(entry) ? new URL(entry) : undefined;
    return (
      folder !== undefined &&
      folder.protocol === parsed.protocol &&
      folder.host === parsed.host &&
      parsed.pathname.startsWith(folder.pathname)
    );
  });
  return allowed ? parsed.href : undefined;
}

function parseHttpUrl(value: string): URL | undefined {
  try {
    const parsed = new URL(value);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed : undefined;
  } catch {
    return undefined;
  }
}
