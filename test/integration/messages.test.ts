import { describe, expect, it } from 'vitest';
import { handler as participation } from '../../functions/participation/handler';
import { handler as volunteering } from '../../functions/volunteering/handler';
import { call } from '../support/api';
import { publishedIdea } from '../support/fixtures';
import { aShiftToFill } from '../support/volunteering-fixtures';

const form = { 'Content-Type': 'application/x-www-form-urlencoded' };

describe('pages in the reader’s language', () => {
  it('ends a vote form that names `_lang=es` on a Spanish page', async () => {
    // Prepare
    const { contributionId } = await publishedIdea();

    // Act
    const answer = await call(participation, {
      method: 'POST',
      path: `/contributions/${contributionId}/votes`,
      rawBody: 'participant.email=ana%40example.org&_lang=es',
      headers: { ...form, 'Accept-Language': 'en-GB,en' },
    });

    // Assess
    expect(answer.headers['content-type']).toContain('text/html');
    expect(answer.headers['content-language']).toBe('es');
    expect(answer.body).toContain('<html lang="es">');
    expect(answer.body).toMatch(/<h1>(Gracias|Revise su correo electrónico)<\/h1>/);
  });

  it('ends a shift sign-up form from a Spanish browser on a Spanish page', async () => {
    // Prepare
    const { shiftId } = await aShiftToFill();

    // Act
    const answer = await call(volunteering, {
      method: 'POST',
      path: `/shifts/${shiftId}/signups`,
      rawBody: 'name=Ana&email=ana%40example.org&consentToContact=on',
      headers: { ...form, 'Accept-Language': 'es-MX,es;q=0.9' },
    });

    // Assess
    expect(answer.headers['content-language']).toBe('es');
    expect(answer.body).toContain('<html lang="es">');
    expect(answer.body).toMatch(/Hemos recibido su inscripción|Revise su correo electrónico/);
  });

  it('keeps English pages for a reader who asks for nothing', async () => {
    // Prepare
    const { contributionId } = await publishedIdea();

    // Act
    const answer = await call(participation, {
      method: 'POST',
      path: `/contributions/${contributionId}/votes`,
      rawBody: 'participant.email=ben%40example.org',
      headers: form,
    });

    // Assess
    expect(answer.body).toContain('<html lang="en">');
    expect(answer.body).toMatch(/<h1>(Thank you|Check your email)<\/h1>/);
  });
});
