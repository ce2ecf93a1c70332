import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { runtimeConfig } from '../../shared/config/runtime';
import { documentClient } from '../../shared/db/client';
import { getEntity, tableName } from '../../shared/db/items';
import { digestKeys, keys } from '../../shared/db/keys';
import { type LocalizedText, pickLanguage } from '../../shared/domain/localized-text';
import { type Period, previousPeriod } from '../../shared/domain/period';
import { MailDeliveryError } from '../../shared/mailer/errors';
import type { Mailer } from '../../shared/mailer/port';
import { listSubscriptions } from '../evaluation/dynamo-digest-subscription-store';
import type { DigestFrequency } from '../evaluation/schemas';
import { unsubscribeUrl } from '../evaluation/unsubscribe-token';
import { compileImpactSummaries, type ImpactSummary, summariesOfPeriod } from '../impact/summary';
import { partnershipService } from '../partnerships/service';
import { type AttentionItem, type Milestone, type RenderedDigest, renderDigest } from './render';

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
  summaries: ImpactSummary[];
  previous: ImpactSummary[];
  attention: AttentionItem[];
  titles: Map<string, LocalizedText>;
}

async function attentionList(): Promise<AttentionItem[]> {
  const service = partnershipService();
  const items: AttentionItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await service.listPartnerships({ attention: true }, { limit: 100, cursor });
    for (const partnership of page.items)
      items.push({
        partnershipId: partnership.partnershipId,
        name: partnership.name,
        reasons: partnership.attention ?? [],
        ...(partnership.endDate ? { endDate: partnership.endDate } : {}),
      });
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

async function readPeriodContent(
  period: Period,
  options: { compileWhenMissing: false },
): Promise<PeriodContent | undefined>;
async function readPeriodContent(
  period: Period,
  options: { compileWhenMissing: true },
): Promise<PeriodContent>;
async function readPeriodContent(
  period: Period,
  options: { compileWhenMissing: boolean },
): Promise<PeriodContent | undefined> {
  let summaries = await summariesOfPeriod(period.label);
  if (!summaries.some((summary) => summary.scope === 'city')) {
    if (!options.compileWhenMissing) return undefined;
    // The digest runs after the summary job; if that has not run for the period, compile it now.
    await compileImpactSummaries(period);
    summaries = await summariesOfPeriod(period.label);
  }
  const previous = await summariesOfPeriod(previousPeriod(period).label);
  const titles = new Map<string, LocalizedText>();
  for (const summary of summaries) {
    if (!summary.initiativeId) continue;
    const initiative = await getEntity<{ title: LocalizedText }>(keys.initiative(summary.initiativeId));
    if (initiative) titles.set(summary.initiativeId, initiative.title);
  }
  return { period, summaries, previous, attention: await attentionList(), titles };
}

/** Indicators that reached their target this period (and had not in the period before). */
function milestonesOf(summary: ImpactSummary, previous: ImpactSummary | undefined): Milestone[] {
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
export function renderFor(
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
  const previousOf = (summary: ImpactSummary) =>
    content.previous.find((candidate) => candidate.initiativeId === summary.initiativeId);
  return renderDigest({
    language: audience.language,
    period: content.period.label,
    city,
    initiatives: followed
      .map((summary) => ({ title: title(summary.initiativeId as string), summary }))
      .sort((a, b) => a.title.localeCompare(b.title)),
    attention: content.attention,
    milestones: followed.flatMap((summary) => milestonesOf(summary, previousOf(summary))),
    links: {
      summary: apiLink(`impact/summaries/${encodeURIComponent(content.period.label)}`),
      unsubscribe: unsubscribeLink,
    },
  });
}

/** An absolute link into the API, from `PUBLIC_API_BASE_URL` (mail needs absolute links). */
function apiLink(path: string): string {
  const base = runtimeConfig().PUBLIC_API_BASE_URL;
  if (!base)
    throw new Error('Invalid function configuration: PUBLIC_API_BASE_URL is needed for digest links.');
  return new URL(path, base.endsWith('/') ? base : `${base}/`).toString();
}

/**
 * A digest as an audience would receive it, for review before subscribing anyone: rendered from
 * the stored summaries (undefined when the period has not been compiled), with a placeholder
 * unsubscribe link.
 */
export async function previewDigest(
  period: Period,
  audience: DigestAudience,
): Promise<RenderedDigest | undefined> {
  const content = await readPeriodContent(period, { compileWhenMissing: false });
  if (!content) return undefined;
  return renderFor(audience, content, apiLink('digest-subscriptions/preview/unsubscribe'));
}

type Claim = 'claimed' | 'already-handled';

async function claimDelivery(period: string, subscriptionId: string, at: string): Promise<Claim> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...digestKeys.delivery(period, subscriptionId),
          type: 'DigestDelivery',
          period,
          subscriptionId,
          status: 'sending',
          claimedAt: at,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return 'claimed';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'already-handled';
    throw error;
  }
}

async function settleDelivery(
  period: string,
  subscriptionId: string,
  outcome: { status: 'sent'; messageId: string } | { status: 'failed'; reason: string },
) {
  await documentClient.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: digestKeys.delivery(period, subscriptionId),
      UpdateExpression:
        outcome.status === 'sent'
          ? 'SET #status = :status, messageId = :detail'
          : 'SET #status = :status, reason = :detail',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':status': outcome.status,
        ':detail': outcome.status === 'sent' ? outcome.messageId : outcome.reason,
      },
    }),
  );
}

const releaseDelivery = (period: string, subscriptionId: string) =>
  documentClient.send(
    new DeleteCommand({ TableName: tableName(), Key: digestKeys.delivery(period, subscriptionId) }),
  );

export async function sendDigests(
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
  const subscriptions = await listSubscriptions(frequency);
  progress(`${period.label}: ${subscriptions.length} ${frequency} subscription(s)`);
  if (subscriptions.length === 0) return report;
  const content = await readPeriodContent(period, { compileWhenMissing: true });
  const at = (options.now ?? new Date()).toISOString();

  for (const subscription of subscriptions) {
    const id = subscription.subscriptionId;
    if ((await claimDelivery(period.label, id, at)) === 'already-handled') {
      report.skipped++;
      continue;
    }
    try {
      const unsubscribe = unsubscribeUrl(apiLink(''), subscription);
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
      await settleDelivery(period.label, id, { status: 'sent', messageId });
      report.sent++;
    } catch (error) {
      const permanent = error instanceof MailDeliveryError && error.permanent;
      const reason = error instanceof MailDeliveryError ? error.reason : (error as Error).name;
      // A refusal for good is recorded and not retried; anything else frees the claim for the next run.
      if (permanent) await settleDelivery(period.label, id, { status: 'failed', reason });
      else await releaseDelivery(period.label, id);
      report.failed.push({ subscriptionId: id, reason, permanent });
    }
  }
  progress(
    `${period.label}: ${report.sent} sent, ${report.skipped} already sent, ${report.failed.length} failed`,
  );
  return report;
}
