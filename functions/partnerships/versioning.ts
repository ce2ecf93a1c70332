import { ConflictError, InvalidFieldError } from '../../shared/domain/errors';
import type { Principal } from '../../shared/http/route';

/** `3`, `"3"` or `W/"3"`: the forms a client may reasonably send a version in. */
const versionTag = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/;

/**
 * The version an edit is based on: `expectedVersion` in the body or an `If-Match` header (both
 * may be sent if they agree). An edit that says neither is refused: optimistic versioning only
 * protects edits that state what they were based on.
 */
export function expectedVersionOf(fromBody: number | undefined, ifMatch: string | undefined): number {
  let fromHeader: number | undefined;
  if (ifMatch !== undefined) {
    const match = versionTag.exec(ifMatch);
    if (!match)
      throw new InvalidFieldError('headers.if-match', 'Send the version you read, e.g. If-Match: "3".');
    fromHeader = Number(match[1]);
  }
  if (fromBody !== undefined && fromHeader !== undefined && fromBody !== fromHeader)
    throw new InvalidFieldError(
      'body.expectedVersion',
      'expectedVersion and If-Match name different versions.',
    );
  const version = fromBody ?? fromHeader;
  if (version === undefined)
    throw new InvalidFieldError(
      'body.expectedVersion',
      'Send the version you read, as expectedVersion or an If-Match header.',
    );
  return version;
}

/** 409 for an edit based on a version that is no longer current. */
export function staleVersion(current: number): ConflictError {
  return new ConflictError(
    `This was changed since you read it (it is now at version ${current}); reload it and apply your edit again.`,
    'stale-version',
  );
}

/** The staff user behind a staff route (the pipeline has already refused anyone else). */
export function staffUserId(principal: Principal): string {
  if (principal.kind !== 'staff') throw new Error('A staff route was reached without a staff principal');
  return principal.userId;
}
