import { handler } from '../../functions/participation/handler';
import { call } from './api';
import { confirmationLinkIn, lastMailTo } from './mail';

const hour = 3600_000;

/** An initiative and an engagement open now (an hour ago until a week ahead), made through the API. */
export async function openEngagement(overrides: Record<string, unknown> = {}) {
  const initiative = await call(handler, {
    method: 'POST',
    path: '/initiatives',
    role: 'coordinator',
    body: { title: { en: 'Riverside park renewal' } },
  });
  if (initiative.status !== 201) throw new Error(`initiative: ${initiative.body}`);
  const engagement = await call(handler, {
    method: 'POST',
    path: '/engagements',
    role: 'coordinator',
    body: {
      initiativeId: initiative.json.initiativeId,
      title: { en: 'What should the new park have?' },
      opensAt: new Date(Date.now() - hour).toISOString(),
      closesAt: new Date(Date.now() + 7 * 24 * hour).toISOString(),
      ...overrides,
    },
  });
  if (engagement.status !== 201) throw new Error(`engagement: ${engagement.body}`);
  return {
    initiativeId: initiative.json.initiativeId as string,
    engagementId: engagement.json.engagementId as string,
  };
}

/** A published idea in a freshly opened engagement. */
export async function publishedIdea() {
  const { initiativeId, engagementId } = await openEngagement();
  const idea = await call(handler, {
    method: 'POST',
    path: `/engagements/${engagementId}/contributions`,
    body: { kind: 'idea', title: 'A splash pad', body: 'Children need somewhere cool in summer.' },
  });
  if (idea.status !== 201) throw new Error(`idea: ${idea.body}`);
  return { initiativeId, engagementId, contributionId: idea.json.contributionId as string };
}

/**
 * A vote awaiting confirmation (the engagement's default `email` assurance), with the link its
 * mail carries: `path` is the confirmation route, `token` the mailed token.
 */
export async function pendingVote(contributionId: string, email: string) {
  const answer = await call(handler, {
    method: 'POST',
    path: `/contributions/${contributionId}/votes`,
    body: { participant: { email } },
  });
  if (answer.status !== 202) throw new Error(`vote: ${answer.body}`);
  const link = confirmationLinkIn(await lastMailTo(email));
  const voteId = link.path.split('/')[2] as string;
  return { voteId, ...link };
}
