/**
 * A message that could not be delivered to the mail service. `permanent` says whether sending
 * the same message again could ever work: a rejected message, an unverified sender or a suspended
 * account will not; throttling or an outage might, later. The message names the service's error
 * (`reason`) but never a recipient, so it is safe to log.
 */
export class MailDeliveryError extends Error {
  override readonly name = 'MailDeliveryError';
  constructor(
    /** The service's error name, e.g. `MessageRejected` or `TooManyRequestsException`. */
    readonly reason: string,
    readonly permanent: boolean,
    /** How many times sending was tried before giving up. */
    readonly attempts: number,
  ) {
    super(
      permanent
        ? `The mail service refused the message (${reason}); sending it again will not help.`
        : `The mail service could not take the message after ${attempts} attempt${attempts === 1 ? '' : 's'} (${reason}); try again later.`,
    );
  }
}
