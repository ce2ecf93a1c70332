import { escapeHtml } from '../../shared/http/html';
import { type Messages, messagesFor } from '../../shared/messages';
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

/** A petition staff should act on (petitions' published read), with the date its reason names. */
export interface PetitionAttentionItem {
  petitionId: string;
  title: string;
  reason: 'moderation-overdue' | 'response-overdue' | 'response-due-soon';
  /** `moderation-overdue`: since when it waits. */
  waitingSince?: string;
  /** `response-*`: the answer's deadline. */
  dueAt?: string;
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
  /** Petitions awaiting moderation too long, or an answer overdue or due soon; absent: none. */
  petitionAttention?: PetitionAttentionItem[];
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

/** The petition figures, shown city-wide in a table of their own. */
export const petitionHeadlineMetrics: readonly MetricName[] = [
  'petitionsOpened',
  'petitionSignatures',
  'petitionThresholdsReached',
  'petitionResponses',
  'petitionResponsesOverdue',
];

type Labels = Messages['mail']['digest'];

/** The labels for a language tag by the catalogues' fallback chain (`es-MX` uses `es`). */
const labelsFor = (language: string): Labels => messagesFor(language).mail.digest;

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

/** A change a summary compiled before the figure existed does not have. */
const unknownChange: Change = { previous: null, absolute: null, relative: null };

function figuresSection(
  title: string,
  summary: SummaryAsShown,
  labels: Labels,
  language: string,
  metrics: readonly MetricName[] = headlineMetrics,
): Section {
  const format = formatter(language);
  const rows = metrics.map((metric) => {
    const value = summary.figures[metric];
    const shown = value === null || value === undefined ? '—' : format.number(value);
    const change = describeChange(summary.changes[metric] ?? unknownChange, labels, format);
    return { label: (labels.metrics as Record<string, string>)[metric] ?? metric, shown, change };
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
  const figureSections = [
    ...scopes.map((scope) => figuresSection(scope.title, scope.summary, labels, content.language)),
    // A city summary compiled before petitions were counted has no petition figures (null): no table.
    ...(petitionHeadlineMetrics.some((metric) => typeof content.city.figures[metric] === 'number')
      ? [figuresSection(labels.petitions, content.city, labels, content.language, petitionHeadlineMetrics)]
      : []),
  ];

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
          `${scope.title} — ${dimension === 'neighbourhood' ? labels.neighbourhood : labels.ageBand} ${group.group}: ${labels.ofExpected({ percent: format.percent(group.ratio) })}`,
      ),
    ),
  );
  // The summaries come with small groups withheld (the digest's readers need not be admins): say so.
  const withheld = scopes.find((scope) => (scope.summary.suppression?.suppressedCells ?? 0) > 0);
  const withheldNote = withheld?.summary.suppression
    ? labels.smallGroupsWithheld({ minimum: withheld.summary.suppression.minimumCellSize })
    : undefined;
  const attention = content.attention.map(
    (item) =>
      `${item.name}: ${item.reasons.map((reason) => (labels.reasons as Record<string, string>)[reason] ?? reason).join(', ')}`,
  );
  const day = new Intl.DateTimeFormat(content.language, {
    dateStyle: 'long',
    timeZone: content.city.timeZone,
  });
  const petitionAttention = (content.petitionAttention ?? []).map((item) => {
    const date = item.reason === 'moderation-overdue' ? item.waitingSince : item.dueAt;
    return `${item.title}: ${labels.petitionReasons[item.reason]({ date: date ? day.format(new Date(date)) : '—' })}`;
  });
  const titles = new Map(scopes.map((scope) => [scope.summary.initiativeId, scope.title]));
  const milestones = content.milestones.map(
    (milestone) => `${titles.get(milestone.initiativeId) ?? milestone.initiativeId}: ${milestone.indicator}`,
  );
  const sections = [
    ...figureSections,
    listSection(labels.offTrack, offTrack, labels.noneOffTrack),
    listSection(labels.underRepresented, underRepresented, labels.noneUnderRepresented, withheldNote),
    listSection(labels.attention, attention, labels.noneAttention),
    listSection(labels.petitionAttention, petitionAttention, labels.nonePetitionAttention),
    listSection(labels.milestones, milestones, labels.noneMilestones),
  ];

  const heading = labels.heading({ period: content.period });
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
  return { subject: labels.subject({ period: content.period }), html, text };
}
