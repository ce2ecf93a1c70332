import { runtimeConfig } from '../../shared/config/runtime';
import { NotFoundError } from '../../shared/domain/errors';
import { type LocalizedText, pickLanguage } from '../../shared/domain/localized-text';
import { type Period, previousPeriod } from '../../shared/domain/period';
import { publicApiLink } from '../../shared/http/public-link';
import { MailDeliveryError } from '../../shared/mailer/errors';
import type { Mailer } from '../../shared/mailer/port';
import type { DigestFrequency } from '../evaluation/schemas';
import { unsubscribeUrl } from '../evaluation/unsubscribe-token';
import type { SummaryAsShown } from '../impact/api';
import {
  type AttentionItem,
  type Milestone,
  type PetitionAttentionItem,
  type RenderedDigest,
  renderDigest,
} from './render';
import type { DeliveryStore } from './store';

/**
 * The `digest` job's work: for a period, one email per active subscription of the matching
 * frequency (weeks → weekly, months → monthly), built from that period's impact summaries.
 *
 * Exactly-once per (period, subscription): a delivery record is claimed with a conditional put
 * before sending and marked `sent` after, so a re-run or a Scheduler retry skips what went out.
 * A message the mail service refuses for good (`permanent`) is recorded as failed and not tried
 * again; one that could not be sent for now releases its claim, so the next run tries it again.
 * Either way the other subscribers still get theirs.
 */

export interface DigestReport {
  period: string;
  frequency: DigestFrequency | 'none';
  sent: number;
  skipped: number;
  failed: { subscriptionId: string; reason: string; permanent: boolean }[];
}

const frequencyOf = (period: Period): DigestFrequency | undefined =>
  period.kind === 'week' ? 'weekly' : period.kind === 'month' ? 'monthly' : undefined;

/** What every subscriber's digest of one period is made from, read once per run. */
interface PeriodContent {
  period: Period;
  summaries: SummaryAsShown[];
  previous: SummaryAsShown[];
  attention: AttentionItem[];
  petitionAttention: PetitionAttentionItem[];
  titles: Map<string, LocalizedText>;
}

/** An active subscription as the job mails it. */
export interface Subscriber {
  subscriptionId: string;
  email: string;
  language: string;
  initiatives: 'all' | readonly string[];
}

/**
 * What the digest reads from other contexts, through the functions they publish (wired in by the
 * handler and job modules): impact's summaries, participation's initiatives, partnerships' and
 * petitions' attention lists and evaluation's subscribers.
 */
export interface DigestSources {
  summariesOfPeriod(period: string): Promise<SummaryAsShown[]>;
  /** Compiles a period's summaries, for a digest that runs before the summary job has. */
  compileImpactSummaries(period: Period): Promise<unknown>;
  initiativesById(initiativeIds: readonly string[]): Promise<ReadonlyMap<string, { title: LocalizedText }>>;
  partnershipsNeedingAttention(): Promise<AttentionItem[]>;
  /** Petitions awaiting moderation too long, or whose answer is overdue or due soon, at `now`. */
  petitionsNeedingAttention(now: Date): Promise<PetitionAttentionItem[]>;
  subscribers(frequency: DigestFrequency): Promise<Subscriber[]>;
  /**
   * The token of one digest's unsubscribe link: only its hash is stored, so each digest gets its
   * own. Undefined when the subscription stopped since it was listed.
   */
  issueUnsubscribeToken(subscriptionId: string): Promise<string | undefined>;
}

/** Indicators that reached their target this period (and had not in the period before). */
function milestonesOf(summary: SummaryAsShown, previous: SummaryAsShown | undefined): Milestone[] {
  const achievedBefore = new Set(
    (previous?.indicators ?? []).filter((i) => i.status === 'achieved').map((i) => i.indicatorId),
  );
  return summary.indicators
    .filter((indicator) => indicator.status === 'achieved' && !achievedBefore.has(indicator.indicatorId))
    .map((indicator) => ({ initiativeId: summary.initiativeId as string, indicator: indicator.name }));
}

/** Who a digest is for: their language and the initiatives they follow. */
export interface DigestAudience {
  language: string;
  initiatives: 'all' | readonly string[];
}

/** One digest, in the audience's language, about the initiatives it follows. */
function renderFor(
  audience: DigestAudience,
  content: PeriodContent,
  unsubscribeLink: string,
): RenderedDigest {
  const config = runtimeConfig();
  const city = content.summaries.find((summary) => summary.scope === 'city');
  if (!city) throw new Error(`No city-wide summary for ${content.period.label}`);
  const followed = content.summaries.filter(
    (summary) =>
      summary.initiativeId !== undefined &&
      (audience.initiatives === 'all' || audience.initiatives.includes(summary.initiativeId)),
  );
  const fallback = config.LOCALES[0] ?? 'en';
  const title = (initiativeId: string) => {
    const text = content.titles.get(initiativeId);
    return text ? pickLanguage(text, [audience.language], fallback).text : initiativeId;
  };
  const previousOf = (summary: SummaryAsShown) =>
    content.previous.find((candidate) => candidate.initiativeId === summary.initiativeId);
  return renderDigest({
    language: audience.language,
    period: content.period.label,
    city,
    initiatives: followed
      .map((summary) => ({ title: title(summary.initiativeId as string), summary }))
      .sort((a, b) => a.title.localeCompare(b.title)),
    attention: content.attention,
    petitionAttention: content.petitionAttention,
    milestones: followed.flatMap((summary) => milestonesOf(summary, previousOf(summary))),
    links: {
      summary: publicApiLink(`impact/summaries/${encodeURIComponent(content.period.label)}`),
      unsubscribe: unsubscribeLink,
    },
  });
}

/** The digest use cases: the preview route's and the `digest` job's. */
export function digestService(deliveries: DeliveryStore, sources: DigestSources) {
  async function readPeriodContent(
    period: Period,
    options: { compileWhenMissing: false; now: Date },
  ): Promise<PeriodContent | undefined>;
  async function readPeriodContent(
    period: Period,
    options: { compileWhenMissing: true; now: Date },
  ): Promise<PeriodContent>;
  async function readPeriodContent(
    period: Period,
    options: { compileWhenMissing: boolean; now: Date },
  ): Promise<PeriodContent | undefined> {
    let summaries = await sources.summariesOfPeriod(period.label);
    if (!summaries.some((summary) => summary.scope === 'city')) {
      if (!options.compileWhenMissing) return undefined;
      // The digest runs after the summary job; if that has not run for the period, compile it now.
      await sources.compileImpactSummaries(period);
      summaries = await sources.summariesOfPeriod(period.label);
    }
    const previous = await sources.summariesOfPeriod(previousPeriod(period).label);
    const initiatives = await sources.initiativesById(
      summaries.flatMap((summary) => (summary.initiativeId ? [summary.initiativeId] : [])),
    );
    const titles = new Map<string, LocalizedText>();
    for (const [initiativeId, initiative] of initiatives) titles.set(initiativeId, initiative.title);
    return {
      period,
      summaries,
      previous,
      attention: await sources.partnershipsNeedingAttention(),
      // What needs attention when the digest is written, not at the period's end.
      petitionAttention: await sources.petitionsNeedingAttention(options.now),
      titles,
    };
  }

  return {
    /**
     * A digest as an audience would receive it, for review before subscribing anyone: rendered
     * from the stored summaries (not found when the period has not been compiled), with a
     * placeholder unsubscribe link. Attention lists are as of `now`.
     */
    async previewDigest(
      period: Period,
      audience: DigestAudience,
      now: Date = new Date(),
    ): Promise<RenderedDigest> {
      const content = await readPeriodContent(period, { compileWhenMissing: false, now });
      if (!content)
        throw new NotFoundError('No summaries for this period yet: run the impact-summary job first.');
      return renderFor(audience, content, publicApiLink('digest-subscriptions/preview/unsubscribe'));
    },

    async sendDigests(
      period: Period,
      mailer: Mailer,
      options: { now?: Date; onProgress?: (message: string) => void } = {},
    ): Promise<DigestReport> {
      const progress = options.onProgress ?? (() => undefined);
      const frequency = frequencyOf(period);
      const report: DigestReport = {
        period: period.label,
        frequency: frequency ?? 'none',
        sent: 0,
        skipped: 0,
        failed: [],
      };
      if (!frequency) {
        progress(`${period.label}: digests go out weekly and monthly only; nothing to send`);
        return report;
      }
      const subscriptions = await sources.subscribers(frequency);
      progress(`${period.label}: ${subscriptions.length} ${frequency} subscription(s)`);
      if (subscriptions.length === 0) return report;
      const now = options.now ?? new Date();
      const content = await readPeriodContent(period, { compileWhenMissing: true, now });
      const at = now.toISOString();

      for (const subscription of subscriptions) {
        const id = subscription.subscriptionId;
        if ((await deliveries.claim(period.label, id, at)) === 'already-handled') {
          report.skipped++;
          continue;
        }
        try {
          const token = await sources.issueUnsubscribeToken(id);
          if (token === undefined) {
            // Unsubscribed or deleted since the list was read: nothing to send, and no later run
            // lists it again, so its claim goes rather than stands as a delivery.
            await deliveries.release(period.label, id);
            report.skipped++;
            continue;
          }
          const unsubscribe = unsubscribeUrl(publicApiLink(''), { subscriptionId: id, token });
          const digest = renderFor(subscription, content, unsubscribe);
          const { messageId } = await mailer.send({
            to: subscription.email,
            subject: digest.subject,
            html: digest.html,
            text: digest.text,
            headers: {
              'List-Unsubscribe': `<${unsubscribe}>`,
              'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
              'X-Civic-Digest': `${period.label}/${id}`,
            },
          });
          await deliveries.settle(period.label, id, { status: 'sent', messageId });
          report.sent++;
        } catch (error) {
          const permanent = error instanceof MailDeliveryError && error.permanent;
          const reason = error instanceof MailDeliveryError ? error.reason : (error as Error).name;
          // A refusal for good is recorded and not retried; anything else frees the claim for the next run.
          if (permanent) await deliveries.settle(period.label, id, { status: 'failed', reason });
          else await deliveries.release(period.label, id);
          report.failed.push({ subscriptionId: id, reason, permanent });
        }
      }
      progress(
        `${period.label}: ${report.sent} sent, ${report.skipped} already sent, ${report.failed.length} failed`,
      );
      return report;
    },
  };
}
