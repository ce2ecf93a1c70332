/**
 * How long a privacy export lies in storage after it is made, in days: the bucket's lifecycle rule
 * (`infra/constructs/privacy-exports.ts`) and the local folder's sweep (`export-storage.ts`). The
 * link works for 72 hours of these; the rest is margin for a download begun at the last minute.
 * A module of its own so CDK can read it without loading the storage adapters.
 */
export const exportKeptDays = 4;
