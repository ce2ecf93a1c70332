/** `outbox-publisher` → `OutboxPublisher`: construct IDs from context and consumer names. */
export const pascal = (value: string) =>
  value
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');
