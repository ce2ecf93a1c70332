import { dynamoPetitionsStore } from '../../functions/petitions/dynamo-store';
import { handler } from '../../functions/petitions/handler';
import { petitionsService } from '../../functions/petitions/service';
import { resetRuntimeConfig } from '../../shared/config/runtime';
import type { MailMessage } from '../../shared/mailer/port';
import { call } from './api';
import { confirmationLinkIn, lastMailTo } from './mail';

/**
 * Petitions as the tests drive them, through the public API: a city of two neighbourhoods and
 * small thresholds, so a lifecycle fits in a test. Call `usePetitionSettings` at the top of a file.
 */
export const cityNeighbourhoods = { Riverside: 1000, 'Old Town': 800 };

export function usePetitionSettings(petitions: Record<string, unknown> = {}) {
  process.env.POPULATION_BASELINE = JSON.stringify({ neighbourhoods: cityNeighbourhoods });
  process.env.PETITIONS = JSON.stringify({
    sponsorsNeeded: 2,
    types: {
      city: { response: { signatures: 3 }, debate: { signatures: 5 } },
      neighbourhood: {
        response: { shareOfPopulation: 0.01, population: 'neighbourhood' },
        debate: { shareOfPopulation: 0.02, population: 'neighbourhood' },
      },
    },
    ...petitions,
  });
  resetRuntimeConfig();
}

let people = 0;
/** A new resident each call, so tests never share an address by accident. */
export const aResident = (
  name = 'Resident',
): { name: string; email: string; neighbourhood: string; consentToHearAboutResponse?: boolean } => {
  people += 1;
  return {
    name: `${name} ${people}`,
    email: `resident-${people}-${Date.now()}@example.org`,
    neighbourhood: 'Riverside',
  };
};

export const aDraft = (overrides: Record<string, unknown> = {}) => ({
  title: 'Keep the Riverside library open on Sundays',
  action: 'Open the Riverside library on Sundays from 10:00 to 16:00.',
  text: 'Families and students need a quiet place at weekends.',
  creator: { ...aResident('Creator'), consentToHearAboutResponse: true },
  ...overrides,
});

/** Follows the last confirmation link mailed to `email`: the page's button posts the token. */
export async function confirmLinkMailedTo(email: string) {
  const link = confirmationLinkIn(await lastMailTo(email));
  return call(handler, { method: 'POST', path: link.path, body: { token: link.token } });
}

/** The petition ID in the sponsor mail the creator gets once they confirmed. */
export async function petitionIdMailedTo(email: string): Promise<string> {
  const mail = await lastMailTo(email);
  const match = /petitions\/([0-9A-HJKMNP-TV-Z]{26})/.exec(mail.text ?? '');
  if (!match?.[1]) throw new Error(`No petition link in the mail to ${email}`);
  return match[1];
}

/** A confirmed draft: the creator confirmed; the petition gathers sponsors. */
export async function draftedPetition(overrides: Record<string, unknown> = {}) {
  const draft = aDraft(overrides);
  const answer = await call(handler, { method: 'POST', path: '/petitions', body: draft });
  if (answer.status !== 202) throw new Error(`Draft refused: ${answer.status} ${answer.body}`);
  const confirmed = await confirmLinkMailedTo(draft.creator.email);
  if (confirmed.status !== 200)
    throw new Error(`Creator confirmation refused: ${confirmed.status} ${confirmed.body}`);
  return { petitionId: await petitionIdMailedTo(draft.creator.email), creator: draft.creator };
}

/** Signs and confirms: one counted signature (a sponsor's while the petition gathers sponsors). */
export async function signedBy(petitionId: string, signer = aResident()) {
  const answer = await call(handler, {
    method: 'POST',
    path: `/petitions/${petitionId}/signatures`,
    body: signer,
  });
  if (answer.status !== 202) throw new Error(`Signature refused: ${answer.status} ${answer.body}`);
  const confirmed = await confirmLinkMailedTo(signer.email);
  return { signer, confirmed };
}

/** A published petition: drafted, sponsored by `sponsorsNeeded` people, published by a coordinator. */
export async function publishedPetition(overrides: Record<string, unknown> = {}, sponsors = 2) {
  const { petitionId, creator } = await draftedPetition(overrides);
  for (let index = 0; index < sponsors; index++) await signedBy(petitionId);
  const published = await call(handler, {
    method: 'POST',
    path: `/petitions/${petitionId}/moderation`,
    body: { decision: 'publish' },
    role: 'coordinator',
  });
  if (published.status !== 200) throw new Error(`Publication refused: ${published.status} ${published.body}`);
  return { petitionId, creator };
}

export const readPetition = async (petitionId: string) =>
  (await call(handler, { method: 'GET', path: `/petitions/${petitionId}` })).json;

/**
 * `count` pending signatures by new residents, made through the use case with the mail kept in
 * memory: each confirmation link's path and token, for crowds (tests and `npm run bench`).
 */
export async function pendingSignatureLinks(petitionId: string, count: number) {
  const texts: string[] = [];
  const mailer = {
    send: async (mail: MailMessage) => {
      texts.push(mail.text);
      return { messageId: `bench-${texts.length}` };
    },
  };
  const service = petitionsService(dynamoPetitionsStore, { mailer, initiativeExists: async () => true });
  for (let index = 0; index < count; index++)
    await service.sign(
      petitionId,
      { ...aResident(), consentToHearAboutResponse: false },
      { sourceIp: '198.51.100.7' },
    );
  return texts.map((text) => {
    const url = new URL(/https?:\/\/\S+confirmation\?token=[\w-]+/.exec(text)?.[0] ?? '');
    return {
      path: url.pathname.replace(/^.*(\/petition-signatures\/)/, '$1'),
      token: url.searchParams.get('token') ?? '',
    };
  });
}
