import type { APIGatewayProxyEvent } from 'aws-lambda';

/** Lower-cased header names; the last value wins where a header repeats. */
export function normalizedHeaders(event: APIGatewayProxyEvent): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  return headers;
}

/** The query string as API Gateway received it, repeated names kept (`skills=a&skills=b`). */
export function rawQueryString(event: APIGatewayProxyEvent): string {
  const search = new URLSearchParams();
  const multi = event.multiValueQueryStringParameters;
  if (multi) {
    for (const [name, values] of Object.entries(multi))
      for (const value of values ?? []) search.append(name, value);
  } else {
    for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) {
      if (value !== undefined) search.append(name, value);
    }
  }
  return search.toString();
}

/** The raw body bytes as text, whatever API Gateway did with the encoding. */
export function bodyText(event: APIGatewayProxyEvent): string {
  if (event.body === null || event.body === undefined) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/** The media type without parameters: `application/json; charset=utf-8` → `application/json`. */
export function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0]?.trim().toLowerCase() || undefined;
}

export const isJsonMediaType = (type: string | undefined) =>
  type === 'application/json' || (type?.startsWith('application/') && type.endsWith('+json')) === true;

export const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';
