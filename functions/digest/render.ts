import { escapeHtml } from '../../shared/http/html';
import type { Change, MetricName, SummaryAsShown } from '../impact/api';

/**
 * Renders one evaluation digest: an HTML part (one column that fits a phone, no images, real
 * headings and tables, contrast that passes WCAG AA, every arrow spelled out for screen readers)
 * and a plain-text part saying the same. Pure: the job gathers the content, this only writes it.
 */

export interface AttentionItem {
  partnershipId: string;
  name: string;
  reasons: string[];
  endDate?: string;
}

export interface Milestone {
  initiativeId: string;
  indicator: string;
}

export interface DigestContent {
  language: string;
  period: string;
  city: SummaryAsShown;
  /** The initiatives the subscription follows, with their titles. */
  initiatives: { title: string; summary: SummaryAsShown }[];
  attention: AttentionItem[];
  milestones: Milestone[];
  links: { summary: string; unsubscribe: string };
}

export interface RenderedDigest {
  subject: string;
  html: string;
  text: string;
}

/** The figures a digest leads with, in this order. */
export const headlineMetrics: readonly MetricName[] = [
  'uniqueParticipants',
  'newParticipants',
  'contributions',
  'votes',
  'surveyResponses',
  'volunteerSignups',
  'verifiedVolunteerHours',
  'trainingCompletions',
  'partnershipsActive',
  'partnerContributionValue',
  'feedbackCount',
];

interface Labels {
  subject: (period: string) => string;
  heading: (period: string) => string;
  intro: string;
  cityWide: string;
  figure: string;
  thisPeriod: string;
  change: string;
  up: string;
  down: string;
  same: string;
  newFigure: string;
  offTrack: string;
  noneOffTrack: string;
  underRepresented: string;
  noneUnderRepresented: string;
  smallGroupsWithheld: (minimum: number) => string;
  neighbourhood: string;
  ageBand: string;
  ofExpected: (percent: string) => string;
  attention: string;
  noneAttention: string;
  reasons: Record<string, string>;
  milestones: string;
  noneMilestones: string;
  fullSummary: string;
  unsubscribe: string;
  why: string;
  metrics: Record<string, string>;
}

const english: Labels = {
  subject: (period) => `Civic evaluation digest — ${period}`,
  heading: (period) => `Evaluation digest for ${period}`,
  intro: 'How engagement went this period, compared with the period before.',
  cityWide: 'City-wide',
  figure: 'Figure',
  thisPeriod: 'This period',
  change: 'Change',
  up: 'up',
  down: 'down',
  same: 'no change',
  newFigure: 'nothing to compare with',
  offTrack: 'Indicators off track',
  noneOffTrack: 'No indicator is off track.',
  underRepresented: 'Under-represented groups',
  noneUnderRepresented: 'No group is under-represented among participants who shared their details.',
  smallGroupsWithheld: (minimum) =>
    `Groups of fewer than ${minimum} participants are not shown, to protect the people in them.`,
  neighbourhood: 'Neighbourhood',
  ageBand: 'Age band',
  ofExpected: (percent) => `${percent} of their share of the population`,
  attention: 'Partnerships needing attention',
  noneAttention: 'No partnership needs attention.',
  reasons: { 'renewal-due': 'renewal due', stale: 'no recent activity' },
  milestones: 'Milestones reached',
  noneMilestones: 'No new milestone this period.',
  fullSummary: 'Read the full impact summary',
  unsubscribe: 'Unsubscribe from this digest',
  why: 'You receive this because an administrator subscribed this address to Civic’s evaluation digest.',
  metrics: {
    uniqueParticipants: 'Participants',
    newParticipants: 'New participants',
    contributions: 'Contributions',
    votes: 'Votes',
    surveyResponses: 'Survey responses',
    volunteerSignups: 'Volunteer sign-ups',
    verifiedVolunteerHours: 'Verified volunteer hours',
    trainingCompletions: 'Training completions',
    partnershipsActive: 'Active partnerships',
    partnerContributionValue: 'Partner contributions',
    feedbackCount: 'Feedback received',
  },
};

const spanish: Labels = {
  ...english,
  subject: (period) => `Resumen de evaluación de Civic — ${period}`,
  heading: (period) => `Resumen de evaluación de ${period}`,
  intro: 'Cómo fue la participación en este periodo, comparada con el anterior.',
  cityWide: 'Toda la ciudad',
  figure: 'Indicador',
  thisPeriod: 'Este periodo',
  change: 'Cambio',
  up: 'sube',
  down: 'baja',
  same: 'sin cambio',
  newFigure: 'sin dato anterior',
  offTrack: 'Indicadores desviados',
  noneOffTrack: 'Ningún indicador está desviado.',
  underRepresented: 'Grupos infrarrepresentados',
  noneUnderRepresented: 'Ningún grupo está infrarrepresentado entre quienes compartieron sus datos.',
  smallGroupsWithheld: (minimum) =>
    `Los grupos de menos de ${minimum} participantes no se muestran, para proteger a las personas que los forman.`,
  neighbourhood: 'Barrio',
  ageBand: 'Franja de edad',
  ofExpected: (percent) => `${percent} de su peso en la población`,
  attention: 'Alianzas que requieren atención',
  noneAttention: 'Ninguna alianza requiere atención.',
  reasons: { 'renewal-due': 'renovación próxima', stale: 'sin actividad reciente' },
  milestones: 'Hitos alcanzados',
  noneMilestones: 'Ningún hito nuevo en este periodo.',
  fullSummary: 'Ver el resumen de impacto completo',
  unsubscribe: 'Darse de baja de este resumen',
  why: 'Recibe este correo porque una persona administradora suscribió esta dirección al resumen de evaluación de Civic.',
  metrics: {
    uniqueParticipants: 'Participantes',
    newParticipants: 'Participantes nuevos',
    contributions: 'Aportaciones',
    votes: 'Votos',
    surveyResponses: 'Respuestas a encuestas',
    volunteerSignups: 'Inscripciones de voluntariado',
    verifiedVolunteerHours: 'Horas de voluntariado verificadas',
    trainingCompletions: 'Formaciones completadas',
    partnershipsActive: 'Alianzas activas',
    partnerContributionValue: 'Aportaciones de socios',
    feedbackCount: 'Valoraciones recibidas',
  },
};

const labelsByLanguage: Record<string, Labels> = { en: english, es: spanish };

/** The labels for a language tag (`es-MX` uses `es`), English when there are none for it. */
function labelsFor(language: string): Labels {
  return labelsByLanguage[language] ?? labelsByLanguage[language.split('-')[0] ?? ''] ?? english;
}

function formatter(language: string) {
  const number = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 });
  return {
    number: (value: number) => number.format(value),
    percent: (value: number) => percent.format(value),
  };
}

/** A change as an arrow plus words, so it reads the same without colour or sight. */
function describeChange(change: Change, labels: Labels, format: ReturnType<typeof formatter>) {
  if (change.absolute === null || change.previous === null)
    return { arrow: '•', words: labels.newFigure, colour: '#4a4a4a' };
  if (change.absolute === 0) return { arrow: '→', words: labels.same, colour: '#4a4a4a' };
  const up = change.absolute > 0;
  const amount = `${up ? '+' : '−'}${format.number(Math.abs(change.absolute))}`;
  const relative = change.relative === null ? '' : ` (${format.percent(Math.abs(change.relative))})`;
  return {
    arrow: up ? '↑' : '↓',
    words: `${up ? labels.up : labels.down} ${amount}${relative}`,
    colour: up ? '#1b5e20' : '#8a1c1c',
  };
}

interface Section {
  heading: string;
  lines: string[];
  html: string;
}

function figuresSection(title: string, summary: SummaryAsShown, labels: Labels, language: string): Section {
  const format = formatter(language);
  const rows = headlineMetrics.map((metric) => {
    const value = summary.figures[metric];
    const shown = value === null ? '—' : format.number(value);
    const change = describeChange(summary.changes[metric], labels, format);
    return { label: labels.metrics[metric] ?? metric, shown, change };
  });
  return {
    heading: title,
    lines: rows.map((row) => `${row.label}: ${row.shown} (${row.change.arrow} ${row.change.words})`),
    html: `<table role="table" style="width:100%;border-collapse:collapse;font-size:15px">
<caption style="text-align:left;font-weight:bold;padding:8px 0">${escapeHtml(title)}</caption>
<thead><tr><th scope="col" style="text-align:left;border-bottom:2px solid #333;padding:6px">${escapeHtml(labels.figure)}</th><th scope="col" style="text-align:right;border-bottom:2px solid #333;padding:6px">${escapeHtml(labels.thisPeriod)}</th><th scope="col" style="text-align:left;border-bottom:2px solid #333;padding:6px">${escapeHtml(labels.change)}</th></tr></thead>
<tbody>
${rows
  .map(
    (row) =>
      `<tr><th scope="row" style="text-align:left;font-weight:normal;border-bottom:1px solid #ccc;padding:6px">${escapeHtml(row.label)}</th><td style="text-align:right;border-bottom:1px solid #ccc;padding:6px">${escapeHtml(row.shown)}</td><td style="border-bottom:1px solid #ccc;padding:6px;color:${row.change.colour}"><span aria-hidden="true">${row.change.arrow}</span> ${escapeHtml(row.change.words)}</td></tr>`,
  )
  .join('\n')}
</tbody>
</table>`,
  };
}

function listSection(heading: string, items: string[], empty: string, footnote?: string): Section {
  return {
    heading,
    lines: [
      ...(items.length > 0 ? items.map((item) => `- ${item}`) : [empty]),
      ...(footnote ? [footnote] : []),
    ],
    html: `<h2 style="font-size:18px;margin:24px 0 8px">${escapeHtml(heading)}</h2>
${items.length > 0 ? `<ul style="padding-left:20px;margin:0">${items.map((item) => `<li style="margin:4px 0">${escapeHtml(item)}</li>`).join('')}</ul>` : `<p style="margin:0">${escapeHtml(empty)}</p>`}${footnote ? `\n<p style="margin:8px 0 0;font-size:14px">${escapeHtml(footnote)}</p>` : ''}`,
  };
}

export function renderDigest(content: DigestContent): RenderedDigest {
  const labels = labelsFor(content.language);
  const format = formatter(content.language);
  const scopes = [
    { title: labels.cityWide, summary: content.city },
    ...content.initiatives.map(({ title, summary }) => ({ title, summary })),
  ];
  const figureSections = scopes.map((scope) =>
    figuresSection(scope.title, scope.summary, labels, content.language),
  );

  const offTrack = scopes.flatMap((scope) =>
    scope.summary.indicators
      .filter((indicator) => indicator.status === 'off-track')
      .map(
        (indicator) =>
          `${scope.title}: ${indicator.name} — ${indicator.progress === null ? '—' : format.percent(indicator.progress)}`,
      ),
  );
  const underRepresented = scopes.flatMap((scope) =>
    (['neighbourhood', 'ageBand'] as const).flatMap((dimension) =>
      scope.summary.representativeness[dimension].underRepresented.map(
        (group) =>
          `${scope.title} — ${dimension === 'neighbourhood' ? labels.neighbourhood : labels.ageBand} ${group.group}: ${labels.ofExpected(format.percent(group.ratio))}`,
      ),
    ),
  );
  // The summaries come with small groups withheld (the digest's readers need not be admins): say so.
  const withheld = scopes.find((scope) => (scope.summary.suppression?.suppressedCells ?? 0) > 0);
  const withheldNote = withheld?.summary.suppression
    ? labels.smallGroupsWithheld(withheld.summary.suppression.minimumCellSize)
    : undefined;
  const attention = content.attention.map(
    (item) => `${item.name}: ${item.reasons.map((reason) => labels.reasons[reason] ?? reason).join(', ')}`,
  );
  const titles = new Map(scopes.map((scope) => [scope.summary.initiativeId, scope.title]));
  const milestones = content.milestones.map(
    (milestone) => `${titles.get(milestone.initiativeId) ?? milestone.initiativeId}: ${milestone.indicator}`,
  );
  const sections = [
    ...figureSections,
    listSection(labels.offTrack, offTrack, labels.noneOffTrack),
    listSection(labels.underRepresented, underRepresented, labels.noneUnderRepresented, withheldNote),
    listSection(labels.attention, attention, labels.noneAttention),
    listSection(labels.milestones, milestones, labels.noneMilestones),
  ];

  const heading = labels.heading(content.period);
  const text = [
    heading,
    '',
    labels.intro,
    ...sections.flatMap((section) => ['', section.heading, ...section.lines]),
    '',
    `${labels.fullSummary}: ${content.links.summary}`,
    '',
    labels.why,
    `${labels.unsubscribe}: ${content.links.unsubscribe}`,
    '',
  ].join('\n');

  const html = `<!doctype html>
<html lang="${escapeHtml(content.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(heading)}</title>
</head>
<body style="margin:0;padding:0;background:#ffffff;color:#1a1a1a;font-family:Arial,Helvetica,sans-serif;line-height:1.5">
<main style="max-width:600px;margin:0 auto;padding:16px">
<h1 style="font-size:22px;margin:0 0 8px">${escapeHtml(heading)}</h1>
<p style="margin:0 0 16px">${escapeHtml(labels.intro)}</p>
${figureSections.map((section) => section.html).join('\n')}
${sections
  .slice(figureSections.length)
  .map((section) => section.html)
  .join('\n')}
<p style="margin:24px 0"><a href="${escapeHtml(content.links.summary)}" style="color:#0b4f9c;font-weight:bold">${escapeHtml(labels.fullSummary)}</a></p>
<hr style="border:none;border-top:1px solid #ccc">
<p style="font-size:13px;color:#4a4a4a">${escapeHtml(labels.why)} <a href="${escapeHtml(content.links.unsubscribe)}" style="color:#0b4f9c">${escapeHtml(labels.unsubscribe)}</a></p>
</main>
</body>
</html>
`;
  return { subject: labels.subject(content.period), html, text };
}
