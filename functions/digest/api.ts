import { defineRoute } from '../../shared/http/route';
import { staffAccess } from '../../shared/http/staff-access';
import type { ContextDeclaration } from '../context';
import { previewQuery, renderedDigest } from './schemas';

/** The route contracts; what each does is bound in `handler.ts`. */
export const digestRoutes = [
  defineRoute({
    operationId: 'previewDigest',
    method: 'GET',
    path: '/digests/preview',
    summary: 'Render the evaluation digest of a period for review, without sending it',
    description:
      'The subject, HTML and text parts exactly as a subscriber with this language and these initiatives would receive them (the unsubscribe link is a placeholder). Reads the stored summaries: 404 until the `impact-summary` job has run for the period. `npx civic digest-preview` writes it to files.',
    tag: 'evaluation',
    auth: staffAccess.administer,
    request: { query: previewQuery },
    response: {
      status: 200,
      description: 'The rendered digest.',
      schema: renderedDigest,
    },
    errors: [404],
  }),
];

/** Digests: the HTTP function rendering a preview (`handler.ts`) and the job mailing them (`digest-job.ts`). */
export const digest: ContextDeclaration = {
  name: 'digest',
  http: [
    {
      name: 'digests',
      entry: 'functions/digest/handler.ts',
      routes: digestRoutes,
      tableAccess: 'read',
      publishedFrom: {
        impact: 'read',
        participation: 'read',
        volunteering: 'read',
        partnerships: 'read',
        evaluation: 'read',
        // The petitions needing attention (`petitionsNeedingAttention`).
        petitions: 'read',
      },
    },
  ],
  jobs: [
    {
      name: 'digest',
      description: 'Emails the evaluation digest of the week or month that has just ended to its subscribers',
      entry: 'functions/digest/digest-job.ts',
      input: 'period',
      // It records each delivery, so a re-run sends nothing twice.
      tableAccess: 'readWrite',
      // Summaries are impact's: compiling a missing one writes them through impact's published module.
      // Each digest's unsubscribe link is minted through evaluation's (`issueUnsubscribeToken`),
      // which stores the token's hash on the subscription: only hashes are at rest.
      publishedFrom: {
        impact: 'readWrite',
        participation: 'read',
        volunteering: 'read',
        partnerships: 'read',
        evaluation: 'readWrite',
        // The petitions needing attention (`petitionsNeedingAttention`).
        petitions: 'read',
      },
      mails: true,
      schedules: [
        // An hour after the summaries, so the digest reads what the summary job stored.
        { cron: '0 6 ? * MON *', period: 'week' },
        { cron: '0 6 1 * ? *', period: 'month' },
      ],
    },
  ],
};
