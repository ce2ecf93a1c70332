/**
 * EventBridge event pattern matching, for the local bus (and for DynamoDB stream filters, which
 * Lambda evaluates with the same syntax). Implements the documented comparison operators:
 * exact values (strings, numbers, booleans, null), `prefix`, `suffix`, `equals-ignore-case`,
 * `wildcard`, `anything-but` (value, list, prefix, suffix, equals-ignore-case, wildcard),
 * `numeric` (ranges), `exists`, `cidr` (IPv4) and `$or`.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type EventPattern = { [key: string]: unknown };

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether `event` matches `pattern` the way an EventBridge rule would. */
export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  return matchObject(pattern, isPlainObject(event) ? event : {});
}

function matchObject(pattern: Record<string, unknown>, event: Record<string, unknown>): boolean {
  for (const [key, expected] of Object.entries(pattern)) {
    if (key === '$or') {
      if (
        !Array.isArray(expected) ||
        !expected.some((branch) => isPlainObject(branch) && matchObject(branch, event))
      )
        return false;
      continue;
    }
    const present = Object.hasOwn(event, key);
    const actual = event[key];
    if (isPlainObject(expected)) {
      // A nested pattern: the event must have an object there that matches it.
      if (!present || !isPlainObject(actual)) {
        if (!allowsAbsence(expected)) return false;
        continue;
      }
      if (!matchObject(expected, actual)) return false;
      continue;
    }
    if (!Array.isArray(expected))
      throw new Error(`Invalid event pattern: "${key}" must be an array or an object.`);
    if (!matchLeaf(expected, present, actual as Json)) return false;
  }
  return true;
}

/** A nested pattern whose every leaf is `exists: false` also matches when the whole branch is absent. */
function allowsAbsence(pattern: Record<string, unknown>): boolean {
  return Object.values(pattern).every((value) =>
    Array.isArray(value)
      ? value.length > 0 && value.every((matcher) => isPlainObject(matcher) && matcher.exists === false)
      : isPlainObject(value) && allowsAbsence(value),
  );
}

function matchLeaf(matchers: unknown[], present: boolean, actual: Json): boolean {
  // Event arrays match when any element matches (EventBridge flattens them).
  const values: Json[] = Array.isArray(actual) ? actual : [actual];
  return matchers.some((matcher) => {
    if (isPlainObject(matcher) && 'exists' in matcher) return matcher.exists === present;
    if (!present) return false;
    return values.some((value) => matchValue(matcher, value));
  });
}

function matchValue(matcher: unknown, value: Json): boolean {
  if (!isPlainObject(matcher)) {
    if (typeof matcher === 'number' && typeof value === 'number') return matcher === value;
    return matcher === value;
  }
  const [operator, operand] = Object.entries(matcher)[0] ?? [];
  switch (operator) {
    case 'prefix':
      return typeof value === 'string' && matchString(operand, value, (v, p) => v.startsWith(p));
    case 'suffix':
      return typeof value === 'string' && matchString(operand, value, (v, s) => v.endsWith(s));
    case 'equals-ignore-case':
      return (
        typeof value === 'string' &&
        typeof operand === 'string' &&
        value.toLowerCase() === operand.toLowerCase()
      );
    case 'wildcard':
      return typeof value === 'string' && typeof operand === 'string' && wildcardRegExp(operand).test(value);
    case 'anything-but':
      return anythingBut(operand, value);
    case 'numeric':
      return typeof value === 'number' && Array.isArray(operand) && numeric(operand, value);
    case 'cidr':
      return typeof value === 'string' && typeof operand === 'string' && inCidr(value, operand);
    default:
      throw new Error(`Unsupported event pattern operator: ${String(operator)}`);
  }
}

/** `prefix`/`suffix` take a string or `{ "equals-ignore-case": string }`. */
function matchString(
  operand: unknown,
  value: string,
  test: (value: string, part: string) => boolean,
): boolean {
  if (typeof operand === 'string') return test(value, operand);
  if (isPlainObject(operand) && typeof operand['equals-ignore-case'] === 'string') {
    return test(value.toLowerCase(), operand['equals-ignore-case'].toLowerCase());
  }
  return false;
}

function anythingBut(operand: unknown, value: Json): boolean {
  if (Array.isArray(operand)) return !operand.some((excluded) => excluded === value);
  if (isPlainObject(operand)) return !matchValue(operand, value);
  return operand !== value;
}

function wildcardRegExp(pattern: string): RegExp {
  const escaped = pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`, 's');
}

function numeric(conditions: unknown[], value: number): boolean {
  for (let index = 0; index + 1 < conditions.length; index += 2) {
    const operator = conditions[index];
    const bound = Number(conditions[index + 1]);
    const ok =
      operator === '='
        ? value === bound
        : operator === '<'
          ? value < bound
          : operator === '<='
            ? value <= bound
            : operator === '>'
              ? value > bound
              : operator === '>='
                ? value >= bound
                : false;
    if (!ok) return false;
  }
  return true;
}

function ipv4ToNumber(ip: string): number | undefined {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((part) => !Number.isInteger(part) || part < 0 || part > 255))
    return undefined;
  return parts.reduce((sum, part) => sum * 256 + part, 0);
}

function inCidr(ip: string, cidr: string): boolean {
  const [network, bits] = cidr.split('/');
  const address = ipv4ToNumber(ip);
  const base = ipv4ToNumber(network ?? '');
  const length = Number(bits ?? 32);
  if (address === undefined || base === undefined || !(length >= 0 && length <= 32)) return false;
  const size = 2 ** (32 - length);
  return Math.floor(address / size) === Math.floor(base / size);
}
