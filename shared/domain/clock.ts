/** The current instant as an ISO 8601 string in UTC (`Z` is the zero offset). */
export function nowIso(): string {
  return new Date().toISOString();
}

/** Epoch seconds, the unit DynamoDB TTL expects. */
export function epochSeconds(date: Date = new Date()): number {
  return Math.floor(date.getTime() / 1000);
}
