import { z } from 'zod';
import { type MessageLanguage, messagesFor } from '../messages';
import { escapeHtml } from './html';
import { defineRoute, type RouteInput } from './route';

/**
 * The routes every confirmable write gets, from one description: the page its emailed link opens
 * (`GET …/{id}/confirmation?token=…`, which changes nothing: mail scanners open every link) and
 * the confirmation that page's button posts (`POST …/{id}/confirmation`, the token in the body).
 * The mechanism's pure half is `shared/domain/confirmation.ts`; what confirming does is bound by
 * the owning context.
 */

const token = z
  .string()
  .min(16, 'This confirmation link is incomplete; open the link from the email again.')
  .max(200, 'This confirmation link is not one we sent.')
  // Tokens are base64url: a code, never text.
  .regex(/^[A-Za-z0-9_-]+$/, 'This confirmation link is not one we sent.')
  .describe('The token from the confirmation email’s link.');

export const confirmationTokenQuery = z.object({ token });
export const confirmationTokenBody = z.object({ token });

/** What the link's page shows: what is being confirmed, and whether it still can be. */
export const confirmationView = z.object({
  status: z
    .enum(['awaiting-confirmation', 'confirmed', 'expired'])
    .describe('`expired`: the link lapsed before it was confirmed; take part again to get a new one.'),
  what: z.string().describe('What the link confirms, in words.'),
  expiresAt: z.string().optional().describe('Until when it can be confirmed (while awaiting confirmation).'),
});
export type ConfirmationView = z.output<typeof confirmationView>;

export const confirmationResult = z.object({
  status: z.literal('confirmed'),
  what: z.string(),
  confirmedAt: z.string(),
});
export type ConfirmationResult = z.output<typeof confirmationResult>;

export function confirmationRoutes<N extends string, P extends z.ZodObject<z.ZodRawShape>>(spec: {
  /** In operation ids: `viewVoteConfirmation`, `confirmVote`. */
  operationNoun: N;
  /** The noun with its article: `a vote`. */
  aNoun: string;
  /** `/votes/{voteId}`: the confirmable item's own address. */
  path: string;
  params: P;
  tag: string;
  /** What confirming does, for the description: `The vote counts.` */
  effect: string;
}) {
  const path = `${spec.path}/confirmation`;
  return [
    defineRoute({
      operationId: `view${spec.operationNoun}Confirmation` as const,
      method: 'GET',
      path,
      summary: `The page a confirmation link opens (${spec.aNoun})`,
      description:
        'Changes nothing, so mail scanners that follow links confirm nothing. Browsers get a page whose button posts the confirmation. An unknown ID or a wrong token is 404.',
      tag: spec.tag,
      auth: 'public',
      request: { params: spec.params, query: confirmationTokenQuery },
      response: { status: 200, description: 'What the link confirms.', schema: confirmationView },
      errors: [404],
    }),
    defineRoute({
      operationId: `confirm${spec.operationNoun}` as const,
      method: 'POST',
      path,
      summary: `Confirm ${spec.aNoun} with the token from its email`,
      description: `${spec.effect} Confirming again answers the same and counts nothing twice. An unknown ID or a wrong token is 404; a link that lapsed is 409 \`confirmation-expired\`.`,
      tag: spec.tag,
      auth: 'public',
      acceptsForm: true,
      request: { params: spec.params, body: confirmationTokenBody },
      response: { status: 200, description: 'Confirmed.', schema: confirmationResult },
      errors: [404, 409],
    }),
  ];
}

/**
 * The link's page: what is being confirmed and a button that posts the token. The form posts to
 * `confirmation`, relative to the page (`…/{id}/confirmation`), so it works behind any stage path.
 */
export function confirmationViewPage(
  view: ConfirmationView,
  input: Pick<RouteInput<{ query: typeof confirmationTokenQuery }>, 'query'>,
  language: MessageLanguage = 'en',
): { title: string; content: string } {
  const texts = messagesFor(language).page.confirmation;
  if (view.status === 'confirmed')
    return {
      title: texts.alreadyTitle,
      content: `<h1>${escapeHtml(texts.alreadyTitle)}</h1>\n<p role="status">${escapeHtml(texts.already({ what: view.what }))}</p>`,
    };
  if (view.status === 'expired')
    return {
      title: texts.expiredTitle,
      content: `<h1>${escapeHtml(texts.expiredTitle)}</h1>\n<p role="status">${escapeHtml(texts.expired({ what: view.what }))}</p>`,
    };
  return {
    title: texts.pendingTitle,
    content: `<h1>${escapeHtml(texts.pendingTitle)}</h1>
<p>${escapeHtml(texts.pending({ what: view.what }))}${view.expiresAt ? ` ${escapeHtml(texts.worksUntil({ until: view.expiresAt }))}` : ''}</p>
<form method="post" action="confirmation">
<input type="hidden" name="token" value="${escapeHtml(input.query.token)}">
<button type="submit">${escapeHtml(texts.button)}</button>
</form>`,
  };
}

/** The page a confirmation posted from that page's button ends on. */
export const confirmedPage = (
  result: ConfirmationResult,
  _input?: unknown,
  language: MessageLanguage = 'en',
): { title: string; content: string } => {
  const texts = messagesFor(language).page.confirmation;
  return {
    title: texts.confirmedTitle,
    content: `<h1>${escapeHtml(texts.confirmedHeading)}</h1>\n<p role="status">${escapeHtml(texts.confirmed({ what: result.what }))}</p>`,
  };
};

/**
 * The page a plain form post under `email` assurance ends on when it named no thank-you page. The
 * answer's message is the same for every address (`checkYourEmail`), so the page says it from the
 * reader's catalogue.
 */
export const checkYourEmailPage = (
  _answer: { message: string },
  _input?: unknown,
  language: MessageLanguage = 'en',
): { title: string; content: string } => {
  const texts = messagesFor(language).page.checkYourEmail;
  return {
    title: texts.title,
    content: `<h1>${escapeHtml(texts.title)}</h1>\n<p role="status">${escapeHtml(texts.message)}</p>`,
  };
};
