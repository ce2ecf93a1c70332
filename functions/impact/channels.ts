import { type Channel, channels, defaultChannel } from '../../shared/domain/channel';
import type { CellVerdict } from '../../shared/domain/small-numbers';
import { type ActivityRecord, channelledKinds } from './projections';

/**
 * Participation broken down by the channel it came through (web, paper, phone…), so a city can
 * see whether its paper effort reached people the web does not. Pure, from one scope's ledger
 * records of one period, like the figures.
 */

const channelled = new Set<string>(channelledKinds);

/** A participation fact's channel (filed before channels existed: `web`); none for other activity. */
export function channelOf(record: ActivityRecord): Channel | undefined {
  return channelled.has(record.kind) ? (record.channel ?? defaultChannel) : undefined;
}

/** One channel's share of the period's participation, strand by strand. */
export interface ChannelParticipation {
  channel: Channel;
  /** Distinct people (keyed hashes) who took part through it; survey responses name nobody. */
  participants: number;
  contributions: number;
  votes: number;
  surveyResponses: number;
  feedback: number;
  meetingAttendance: number;
  /** Petition signatures confirmed through it (a paper sheet's are `paper`). */
  petitionSignatures: number;
}

/** Every channel, in the order of the channel list, zeros included (a zero for paper says something). */
export function participationByChannel(records: readonly ActivityRecord[]): ChannelParticipation[] {
  const rows = new Map(
    channels.map((channel) => [
      channel,
      {
        row: {
          channel,
          participants: 0,
          contributions: 0,
          votes: 0,
          surveyResponses: 0,
          feedback: 0,
          meetingAttendance: 0,
          petitionSignatures: 0,
        },
        people: new Set<string>(),
      },
    ]),
  );
  const field = {
    contribution: 'contributions',
    vote: 'votes',
    'survey-response': 'surveyResponses',
    feedback: 'feedback',
    'meeting-attendance': 'meetingAttendance',
    'petition-signature': 'petitionSignatures',
  } as const satisfies Record<(typeof channelledKinds)[number], keyof ChannelParticipation>;
  for (const record of records) {
    const channel = channelOf(record);
    const entry = channel && rows.get(channel);
    if (!entry) continue;
    entry.row[field[record.kind as keyof typeof field]] += 1;
    if (record.participantHash) entry.people.add(record.participantHash);
  }
  return [...rows.values()].map(({ row, people }) => ({ ...row, participants: people.size }));
}

/** The channels anything came through in the period, in the order of the channel list. */
export function channelsUsed(records: readonly ActivityRecord[]): Channel[] {
  const used = new Set(records.map(channelOf));
  return channels.filter((channel) => used.has(channel));
}

/** One channel's representativeness tables, as compiled (every group whole). */
export interface ChannelRepresentation<T> {
  channel: Channel;
  neighbourhood: T;
  ageBand: T;
}

/**
 * The verdict on every cell of one dimension broken down by channel: rows are channels (each
 * showing its total, `participants`), columns are groups (their totals are the city-wide table's
 * cells). Beyond the small cells themselves, a cell that a shown total would give away is withheld
 * too: a row or column with exactly one withheld cell loses its next-smallest (zeros included),
 * and a group withheld in the table of every channel (`withheldOverall`) is withheld in every
 * channel's row, or the rows would add up to it. Repeated until nothing changes, since each new
 * cell may leave another row or column with one.
 */
export function channelCellVerdicts(
  rows: readonly { groups: readonly { group: string; participants: number }[] }[],
  withheldOverall: ReadonlySet<string>,
  minimumCellSize: number,
): ((group: string) => CellVerdict)[] {
  const verdicts = rows.map(
    (row) =>
      new Map<string, CellVerdict>(
        row.groups.map((g) => [
          g.group,
          g.participants > 0 && g.participants < minimumCellSize
            ? 'below-minimum'
            : withheldOverall.has(g.group)
              ? 'complementary'
              : 'shown',
        ]),
      ),
  );
  const count = (row: number, group: string) =>
    rows[row]?.groups.find((g) => g.group === group)?.participants ?? 0;
  /** Withholds the smallest shown cell of a line holding exactly one withheld cell; whether it did. */
  const completeLine = (cells: readonly { row: number; group: string }[]) => {
    const state = (cell: { row: number; group: string }) => verdicts[cell.row]?.get(cell.group);
    if (cells.filter((cell) => state(cell) !== 'shown').length !== 1) return false;
    const shown = cells
      .filter((cell) => state(cell) === 'shown')
      .sort((a, b) => count(a.row, a.group) - count(b.row, b.group));
    const next = shown[0];
    if (!next) return false;
    verdicts[next.row]?.set(next.group, 'complementary');
    return true;
  };
  const groups = [...new Set(rows.flatMap((row) => row.groups.map((g) => g.group)))];
  for (let changed = true; changed; ) {
    changed = false;
    for (const [row, { groups: cells }] of rows.entries())
      changed = completeLine(cells.map((g) => ({ row, group: g.group }))) || changed;
    for (const group of groups) {
      if (withheldOverall.has(group)) continue;
      const column = rows.flatMap((row, index) =>
        row.groups.some((g) => g.group === group) ? [{ row: index, group }] : [],
      );
      changed = completeLine(column) || changed;
    }
  }
  return verdicts.map((byGroup) => (group: string) => byGroup.get(group) ?? 'shown');
}
