import { type JsonSchema, JsonSchemaVersion } from 'aws-cdk-lib/aws-apigateway';
import { z } from 'zod';

type JsonObject = { [key: string]: unknown };

/** Keywords that do not constrain a value, or that API Gateway's validator may read differently from zod. */
const droppedKeywords = new Set([
  '$schema',
  '$id',
  'id',
  'title',
  'description',
  'default',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
  // `format` checks differ between validators; the `pattern` zod emits beside it carries the rule.
  'format',
]);

/** Keywords whose value is a map from names (not keywords) to schemas. */
const schemaMaps = new Set(['properties', 'patternProperties', 'definitions']);
/** Keywords whose value is a schema, or a list of them. */
const schemaValues = new Set(['items', 'additionalItems', 'additionalProperties', 'not']);
const schemaLists = new Set(['anyOf', 'oneOf', 'allOf']);

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strip(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strip);
  if (!isObject(schema)) return schema;
  const result: JsonObject = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (droppedKeywords.has(keyword)) continue;
    if (schemaMaps.has(keyword) && isObject(value)) {
      result[keyword] = Object.fromEntries(
        Object.entries(value).map(([name, child]) => [name, strip(child)]),
      );
    } else if (schemaValues.has(keyword) || schemaLists.has(keyword)) {
      result[keyword] = strip(value);
    } else {
      result[keyword] = value;
    }
  }
  return result;
}

/**
 * A route's zod body schema as an API Gateway model (JSON Schema draft 4, the only dialect API
 * Gateway validates). It describes the *input* side (before defaults and transforms), and what
 * JSON Schema cannot say becomes "anything", so the gateway never refuses a body the function
 * would accept. The function's zod validation stays authoritative and names every bad field; the
 * gateway only turns away malformed JSON bodies before they cost an invocation.
 */
export function requestModelSchema(body: z.ZodType): JsonSchema {
  const generated = z.toJSONSchema(body, { target: 'draft-04', io: 'input', unrepresentable: 'any' });
  // CDK's JsonSchema spells `$schema` as `schema`; every other keyword matches draft 4 as generated.
  return { schema: JsonSchemaVersion.DRAFT4, ...(strip(generated) as JsonSchema) };
}
