/** Epoch seconds, the unit DynamoDB TTL expects. */
export function epochSeconds(date: Date = new Date()): number {
  return Math.floor(date.getTime() / 1000);
}
