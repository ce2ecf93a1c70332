import { describe, expect, it } from 'vitest';
import { handler as participation } from '../../functions/participation/handler';
import { handler as volunteering } from '../../functions/volunteering/handler';
import { call, countItems } from '../support/api';
import { publishedIdea } from '../support/fixtures';
import { aShiftToFill } from '../support/volunteering-fixtures';

const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
const formPage = 'https://www.example.gov/voluntariado/plantacion';

/** The hrefs and texts of the error page's list, one per field message. */
const messageLinks = (page: string) =>
  [...page.matchAll(/<li><a href="([^"]*)">([^<]*)<\/a><\/li>/g)].map(([, href, text]) => ({ href, text }));

describe('field messages people read', () => {
  it('answers a sign-up form missing the name and email with a Spanish page linking each message to its field', async () => {
    // Prepare
    const { shiftId } = await aShiftToFill();
    const before = await countItems();

    // Act
    const answer = await call(volunteering, {
      method: 'POST',
      path: `/shifts/${shiftId}/signups`,
      rawBody: 'name=&email=&consentToContact=on',
      headers: { ...form, 'Accept-Language': 'es-ES,es;q=0.9,en;q=0.5', Referer: formPage },
    });

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.headers['content-type']).toContain('text/html');
    expect(answer.headers['content-language']).toBe('es');
    expect(answer.body).toContain('<html lang="es">');
    expect(answer.body).toContain('<h1>Hay campos que corregir</h1>');
    expect(messageLinks(answer.body)).toEqual([
      { href: `${formPage}#field-name`, text: 'Indique su nombre.' },
      { href: `${formPage}#field-email`, text: 'Indique su correo electrónico.' },
    ]);
    expect(await countItems()).toBe(before);
  });

  it('answers a vote form missing the email with problem+json in English by default, naming the field', async () => {
    // Prepare
    const { contributionId } = await publishedIdea();

    // Act
    const answer = await call(participation, {
      method: 'POST',
      path: `/contributions/${contributionId}/votes`,
      rawBody: 'participant.email=',
      headers: { ...form, Accept: 'application/json' },
    });

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(answer.headers['content-language']).toBe('en');
    expect(answer.json).toMatchObject({
      title: 'Some fields need fixing',
      errors: [{ path: 'body.participant.email', message: 'Please enter your email address.' }],
    });
  });

  it('uses the language the form names in `_lang` before the browser’s', async () => {
    // Prepare
    const { contributionId } = await publishedIdea();

    // Act
    const answer = await call(participation, {
      method: 'POST',
      path: `/contributions/${contributionId}/votes`,
      rawBody: 'participant.email=ana%40example&_lang=es',
      headers: { ...form, 'Accept-Language': 'en-GB,en' },
    });

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.headers['content-language']).toBe('es');
    expect(messageLinks(answer.body)).toEqual([
      {
        href: '#field-participant.email',
        text: 'Revise su correo electrónico: debe tener la forma nombre@ejemplo.org.',
      },
    ]);
  });

  it('gives a staff JSON client the same sentences, in the language it asks for', async () => {
    // Act
    const answer = await call(participation, {
      method: 'POST',
      path: '/initiatives',
      role: 'coordinator',
      body: { title: { en: 'x'.repeat(300) } },
      headers: { 'Accept-Language': 'es' },
    });

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.headers['content-language']).toBe('es');
    expect(answer.json.errors).toEqual([
      { path: 'body.title.en', message: 'Acorte el título a 200 caracteres como máximo.' },
    ]);
  });
});
