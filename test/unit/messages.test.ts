import { describe, expect, it } from 'vitest';
import {
  registrationCancelledMail,
  registrationConfirmedMail,
  registrationNoticeMail,
} from '../../functions/meetings/mail';
import { registrationAnswerPage, registrationPage } from '../../functions/meetings/pages';
import type { StoredMeeting, StoredRegistration } from '../../functions/meetings/store';
import { confirmVoteMail } from '../../functions/participation/vote-mail';
import { erasedMail } from '../../functions/privacy/privacy-mail';
import { confirmResponseMail } from '../../functions/surveys/response-mail';
import { claimAnswerPage, claimPage } from '../../functions/volunteering/claim-page';
import { claimNoticeMail, seatMail } from '../../functions/volunteering/mail';
import type { StoredClaim } from '../../functions/volunteering/store';
import { confirmationViewPage, confirmedPage } from '../../shared/http/confirmation-routes';
import { formThankYouPage } from '../../shared/http/html';
import {
  catalogues,
  messageLanguages,
  messagesFor,
  negotiateMessageLanguage,
  resolveMessageLanguage,
} from '../../shared/messages';

/** Every value a message function could be asked to word: each property reads as `7`. */
const anyValues = new Proxy({}, { get: () => '7' });

/**
 * What `candidate` gets wrong against the reference catalogue: keys it lacks, keys left empty
 * (an empty string, a function wording nothing, a value of another kind) and keys the reference
 * lacks. Paths are dotted (`page.claim.title`).
 */
function catalogueGaps(reference: unknown, candidate: unknown, path = ''): string[] {
  const at = (key: string) => (path ? `${path}.${key}` : key);
  if (typeof reference === 'function') {
    if (typeof candidate !== 'function') return [`${path}: not a message function`];
    const worded = (candidate as (values: unknown) => unknown)(anyValues);
    return typeof worded === 'string' && worded.trim() !== '' ? [] : [`${path}: words nothing`];
  }
  if (typeof reference === 'string')
    return typeof candidate === 'string' && candidate.trim() !== '' ? [] : [`${path}: empty`];
  const ref = reference as Record<string, unknown>;
  const got = (candidate ?? {}) as Record<string, unknown>;
  if (typeof candidate !== 'object' || candidate === null) return [`${path}: missing`];
  return [
    ...Object.keys(ref).flatMap((key) =>
      key in got ? catalogueGaps(ref[key], got[key], at(key)) : [`${at(key)}: missing`],
    ),
    ...Object.keys(got)
      .filter((key) => !(key in ref))
      .map((key) => `${at(key)}: not in English`),
  ];
}

const claim = {
  kind: 'shift',
  claimId: '01J0000000000000000000000D',
  title: { en: 'Tree planting', es: 'Plantación de árboles' },
  startsAt: '2027-03-06T09:00:00.000Z',
  endsAt: '2027-03-06T13:00:00.000Z',
  timeZone: 'Europe/Brussels',
  location: { name: 'Parque del río', address: 'Calle del Río 1' },
  contact: { name: 'Ana', email: 'ana@example.org' },
} as unknown as StoredClaim;

const link = { url: 'https://api.example.gov/votes/01J/confirmation?token=t', timeZone: 'Europe/Madrid' };

describe('message catalogues', () => {
  it.each(messageLanguages.filter((language) => language !== 'en'))(
    'has every English key, none empty and none extra, in %s',
    (language) => {
      // Prepare
      const reference = catalogues.en;

      // Act
      const gaps = catalogueGaps(reference, catalogues[language]);

      // Assess
      expect(gaps).toEqual([]);
    },
  );

  it('names a missing key, an empty one and an extra one when a catalogue has them', () => {
    // Prepare
    const { thankYou, ...pageWithoutThankYou } = catalogues.es.page;
    const broken = {
      ...catalogues.es,
      page: { ...pageWithoutThankYou, checkYourEmail: { ...catalogues.es.page.checkYourEmail, title: ' ' } },
      mail: {
        ...catalogues.es.mail,
        confirmation: { ...catalogues.es.mail.confirmation, greeting: () => '' },
      },
      extra: 'Texto de más',
    };

    // Act
    const gaps = catalogueGaps(catalogues.en, broken);

    // Assess
    expect(thankYou).toBeDefined();
    expect(gaps).toEqual([
      'page.thankYou: missing',
      'page.checkYourEmail.title: empty',
      'mail.confirmation.greeting: words nothing',
      'extra: not in English',
    ]);
  });

  it.each([
    { requested: 'es-MX', locales: ['en'], expected: 'es' },
    { requested: 'es', locales: ['en'], expected: 'es' },
    { requested: 'fr', locales: ['es', 'en'], expected: 'es' },
    { requested: 'fr', locales: ['es-MX'], expected: 'es' },
    { requested: 'fr', locales: ['en', 'es'], expected: 'en' },
    { requested: 'fr', locales: ['fr', 'de'], expected: 'en' },
    { requested: undefined, locales: ['es'], expected: 'es' },
  ])(
    'resolves $requested to $expected when the city publishes in $locales',
    ({ requested, locales, expected }) => {
      // Act
      const language = resolveMessageLanguage(requested, locales);

      // Assess
      expect(language).toBe(expected);
    },
  );

  it('negotiates a reader who asks only for an unshipped language to the city’s default', () => {
    // Act
    const forSpanishCity = negotiateMessageLanguage(undefined, 'fr-FR,fr;q=0.9', ['es']);
    const forEnglishCity = negotiateMessageLanguage(undefined, 'fr-FR,fr;q=0.9', ['en']);
    const askedForMexican = negotiateMessageLanguage('es-MX', 'en', ['en']);

    // Assess
    expect([forSpanishCity, forEnglishCity, askedForMexican]).toEqual(['es', 'en', 'es']);
  });
});

describe('texts a Spanish reader gets', () => {
  it('words the confirmation pages in Spanish', () => {
    // Prepare
    const what = messagesFor('es').mail.vote.what({ thing: 'una idea', title: 'Parque del río' });

    // Act
    const pending = confirmationViewPage(
      { status: 'awaiting-confirmation', what, expiresAt: '2026-12-03T10:15:00Z' },
      { query: { token: 'a'.repeat(22) } },
      'es',
    );
    const done = confirmedPage({ status: 'confirmed', what, confirmedAt: '2026-12-02T10:15:00Z' }, {}, 'es');

    // Assess
    expect(pending.title).toBe('Confirme, por favor');
    expect(pending.content).toContain('Confirme su apoyo a una idea en «Parque del río».');
    expect(pending.content).toContain('<button type="submit">Confirmar</button>');
    expect(done.content).toContain('Ha confirmado su apoyo a una idea en «Parque del río».');
  });

  it('words the volunteer’s claim page, its answer page and the thank-you page in Spanish', () => {
    // Act
    const page = claimPage(
      'sign-up',
      '01J',
      {
        status: 'waitlisted',
        position: 3,
        startsAt: claim.startsAt,
        endsAt: claim.endsAt,
        timeZone: claim.timeZone,
      },
      'a'.repeat(22),
      'es',
    );
    const answer = claimAnswerPage('sign-up', { status: 'confirmed' }, 'es');
    const thanks = formThankYouPage('es');

    // Assess
    expect(page.title).toBe('Su inscripción');
    expect(page.content).toContain('Ocupa el puesto 3 en la lista de espera.');
    expect(page.content).toContain('sábado');
    expect(page.content).toContain('Cancelar mi inscripción');
    expect(answer.content).toContain('Hemos recibido su inscripción. Su plaza está confirmada.');
    expect(thanks).toContain('<html lang="es">');
    expect(thanks).toContain('<h1>Gracias</h1>');
  });

  it('writes the confirmation mails in Spanish when the city’s language is Spanish', () => {
    // Prepare
    const deadline = { ...link, expiresAt: '2026-12-03T09:15:00Z' };

    // Act
    const vote = confirmVoteMail(
      { to: 'ana@example.org', kind: 'idea', engagementTitle: { es: 'Parque del río' }, language: 'es' },
      deadline,
    );
    const response = confirmResponseMail(
      { to: 'ana@example.org', surveyTitle: { en: 'Parks', es: 'Parques' }, language: 'es-MX' },
      deadline,
    );

    // Assess
    expect(vote.subject).toBe('Confirme su voto');
    expect(vote.html).toContain('<html lang="es">');
    expect(vote.text).toContain('Hola:');
    expect(vote.text).toContain(
      'Confirme su apoyo a una idea en «Parque del río»: contará en cuanto lo haga.',
    );
    expect(vote.text).toContain(
      'El enlace es válido hasta el jueves, 3 de diciembre de 2026, 10:15 (Europe/Madrid).',
    );
    expect(response.subject).toBe('Confirme su respuesta a la encuesta');
    expect(response.text).toContain('su respuesta a la encuesta «Parques»');
  });

  it('writes the privacy and volunteering mails in Spanish', () => {
    // Act
    const erased = erasedMail('ana@example.org', 'es');
    const seat = seatMail(claim, 'confirmed', {
      language: 'es',
      cancelLink: 'https://api.example.gov/signups/01J',
    });
    const notice = claimNoticeMail(
      'ana@example.org',
      'Ana',
      claim,
      { notice: 'waitlisted', position: 2 },
      'es',
    );

    // Assess
    expect(erased.subject).toBe('Sus datos se han suprimido');
    expect(seat.subject).toBe('Plaza confirmada: Plantación de árboles (turno)');
    expect(seat.text).toContain('Hola, Ana:');
    expect(seat.text).toContain('Qué: Plantación de árboles');
    expect(seat.html).toContain('Cancele su plaza</a> para que la reciba la siguiente persona en espera.');
    expect(notice.subject).toBe('Está en la lista de espera');
    expect(notice.text).toContain(
      'Ha solicitado una plaza en el turno «Plantación de árboles», sábado, 6 de marzo de 2027',
    );
  });

  it('words the meetings pages and mails in Spanish, the feed’s invite included', () => {
    // Prepare
    const meeting = {
      activityId: '01J0000000000000000000000H',
      title: { en: 'Budget 2027', es: 'Presupuesto 2027' },
      startsAt: '2027-01-14T17:00:00.000Z',
      endsAt: '2027-01-14T19:00:00.000Z',
      timeZone: 'Europe/Madrid',
      format: 'in-person',
      place: { address: 'Calle Mayor 2', point: { lat: 40.4, lon: -3.7 } },
      accessibility: ['step-free-access'],
    } as unknown as StoredMeeting;
    const registration = {
      claimId: '01J0000000000000000000000G',
      title: meeting.title,
      startsAt: meeting.startsAt,
      endsAt: meeting.endsAt,
      timeZone: meeting.timeZone,
      contact: { name: 'Ana', email: 'ana@example.org', consentToContact: false },
    } as unknown as StoredRegistration;

    // Act
    const page = registrationPage(
      { registrationId: '01J', status: 'waitlisted', position: 2 },
      'a'.repeat(22),
      'es',
    );
    const answer = registrationAnswerPage({ status: 'confirmed' }, 'es');
    const notice = registrationNoticeMail(
      'ana@example.org',
      'Ana',
      meeting,
      { notice: 'waitlisted', position: 4 },
      'es',
    );
    const confirmed = registrationConfirmedMail(registration, meeting, {
      language: 'es',
      cancelLink: 'https://api.example.gov/registrations/01J?token=t',
      purpose: 'confirmed',
    });
    const cancelled = registrationCancelledMail(registration, 'staff', 'es');

    // Assess
    expect(page.content).toContain('Su inscripción está en la lista de espera: ocupa el puesto 2.');
    expect(page.content).toContain('Cancelar mi plaza');
    expect(answer.title).toBe('Inscripción confirmada');
    expect(notice.subject).toBe('Está en la lista de espera: Presupuesto 2027');
    expect(notice.text).toContain(
      'La reunión pública «Presupuesto 2027», jueves, 14 de enero de 2027, 18:00–20:00',
    );
    expect(confirmed.html).toContain('<html lang="es">');
    expect(confirmed.text).toContain('Dónde: Calle Mayor 2');
    // The invite's lines are folded (RFC 5545): unfold them before reading.
    expect(String(confirmed.attachments?.[0]?.content).replace(/\r\n[ \t]/g, '')).toContain(
      'Accesibilidad: step-free-access.',
    );
    expect(cancelled.subject).toBe('Su plaza está cancelada: Presupuesto 2027');
    expect(cancelled.text).toContain('La organización ha cancelado su plaza');
  });

  it('keeps English for an English city', () => {
    // Act
    const erased = erasedMail('ana@example.org', resolveMessageLanguage(undefined, ['en']));

    // Assess
    expect(erased.subject).toBe('Your data has been erased');
    expect(erased.html).toContain('<html lang="en">');
  });
});
