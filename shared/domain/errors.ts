/**
 * Domain errors: small, named, and free of personal data. `shared/http/problem.ts` maps each
 * to an HTTP status; anything else that escapes a handler is treated as our bug (500) and its
 * message never reaches the client.
 */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** The request is well-formed but conflicts with the current state (closed engagement, second vote). */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
  constructor(
    message: string,
    /** A stable, machine-readable reason, e.g. `engagement-closed`. */
    readonly reason: string,
  ) {
    super(message);
  }
}

/** The resource existed but is gone for good (an export whose link has lapsed). */
export class GoneError extends Error {
  override readonly name = 'GoneError';
}

/** A rule that zod cannot express on its own (it depends on stored state) rejected a field. */
export class InvalidFieldError extends Error {
  override readonly name = 'InvalidFieldError';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}
