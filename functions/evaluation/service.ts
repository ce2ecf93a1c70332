import { IndicatorDefined, MeasurementRecorded, ReflectionRecorded } from '../../events/evaluation';
import { runtimeConfig } from '../../shared/config/runtime';
import { domainEvent } from '../../shared/domain/domain-event';
import { ConflictError, InvalidFieldError, NotFoundError } from '../../shared/domain/errors';
import { newId } from '../../shared/domain/ids';
import type { PageRequest } from '../../shared/domain/page';
import type { Principal } from '../../shared/http/route';
import { indicatorProgress, onTrackStatus } from './progress';
import type {
  IndicatorInput,
  LogicModelInput,
  MeasurementInput,
  Reflection,
  ReflectionInput,
} from './schemas';
import type {
  EvaluationStore,
  InitiativeExists,
  StoredIndicator,
  StoredLogicModel,
  StoredMeasurement,
} from './store';

/** How far ahead of our clock a `measuredAt` may be (the measuring device's clock may run fast). */
const CLOCK_SKEW_MS = 5 * 60_000;

/** The staff user behind a staff route (the pipeline has already refused anyone else). */
function staffUserId(principal: Principal): string {
  if (principal.kind !== 'staff') throw new Error('A staff route was reached without a staff principal');
  return principal.userId;
}

/**
 * Logic models, indicators and their measurements, and reflections. Routes call these; they call
 * the store. Initiatives are participation's: `ports.initiativeExists` is its published read.
 */
export function evaluationService(
  store: EvaluationStore,
  ports: { initiativeExists: InitiativeExists },
  clock: () => Date = () => new Date(),
) {
  async function requireInitiative(initiativeId: string): Promise<void> {
    if (!(await ports.initiativeExists(initiativeId))) throw new NotFoundError('No initiative with this ID.');
  }

  async function requireIndicator(indicatorId: string): Promise<StoredIndicator> {
    const indicator = await store.getIndicator(indicatorId);
    if (!indicator) throw new NotFoundError('No indicator with this ID.');
    return indicator;
  }

  /** An indicator as staff see it now: its latest measurement so far, progress and on-track status. */
  async function withProgress(indicator: StoredIndicator, now: Date) {
    // A computed indicator's values are impact-summary figures: its progress is in the summary.
    if (indicator.source !== 'manual') return indicator;
    const latest = await store.latestMeasurement(indicator.indicatorId, now.toISOString());
    const progress = latest ? indicatorProgress(indicator, latest.value) : undefined;
    return {
      ...indicator,
      ...(latest ? { latestMeasurement: latest, progress } : {}),
      status: onTrackStatus(indicator, progress, now, runtimeConfig().TIME_ZONE),
    };
  }

  return {
    async getLogicModel(initiativeId: string): Promise<StoredLogicModel> {
      const model = await store.getLogicModel(initiativeId);
      if (model) return model;
      await requireInitiative(initiativeId);
      throw new NotFoundError('This initiative has no logic model yet.');
    },

    async setLogicModel(initiativeId: string, input: LogicModelInput, principal: Principal) {
      await requireInitiative(initiativeId);
      const { expectedVersion, ...lists } = input;
      const model: StoredLogicModel = {
        initiativeId,
        ...lists,
        version: expectedVersion + 1,
        updatedAt: clock().toISOString(),
        updatedBy: staffUserId(principal),
      };
      if ((await store.putLogicModel(model)) === 'stale') {
        const current = (await store.getLogicModel(initiativeId))?.version ?? 0;
        throw new ConflictError(
          `The logic model was changed since you read it (it is now at version ${current}); reload it and apply your edit again.`,
          'stale-version',
        );
      }
      return model;
    },

    async defineIndicator(initiativeId: string, input: IndicatorInput, principal: Principal) {
      await requireInitiative(initiativeId);
      const indicator: StoredIndicator = {
        indicatorId: newId(),
        initiativeId,
        ...input,
        createdAt: clock().toISOString(),
        definedBy: staffUserId(principal),
      };
      const event = domainEvent(IndicatorDefined, {
        eventId: newId(),
        occurredAt: indicator.createdAt,
        indicatorId: indicator.indicatorId,
        initiativeId,
        source: indicator.source === 'manual' ? 'manual' : 'computed',
        ...(indicator.source === 'manual' ? {} : { metric: indicator.source.computed }),
        direction: indicator.direction,
        definedBy: indicator.definedBy,
      });
      await store.addIndicator(indicator, event);
      return indicator;
    },

    async listIndicators(initiativeId: string, page: PageRequest) {
      await requireInitiative(initiativeId);
      const result = await store.listIndicators(initiativeId, page);
      const now = clock();
      return { ...result, items: await Promise.all(result.items.map((item) => withProgress(item, now))) };
    },

    async recordMeasurement(indicatorId: string, input: MeasurementInput, principal: Principal) {
      const indicator = await requireIndicator(indicatorId);
      if (indicator.source !== 'manual') {
        throw new ConflictError(
          `This indicator is computed from the impact summary’s ${indicator.source.computed}; it takes no measurements.`,
          'computed-indicator',
        );
      }
      const now = clock();
      const measuredAt = new Date(input.measuredAt);
      if (measuredAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
        throw new InvalidFieldError('body.measuredAt', 'A measurement cannot be taken in the future.');
      }
      const measurement: StoredMeasurement = {
        measurementId: newId(),
        indicatorId,
        initiativeId: indicator.initiativeId,
        value: input.value,
        measuredAt: input.measuredAt,
        measuredAtUtc: measuredAt.toISOString(),
        ...(input.note ? { note: input.note } : {}),
        recordedAt: now.toISOString(),
        recordedBy: staffUserId(principal),
      };
      const event = domainEvent(MeasurementRecorded, {
        eventId: newId(),
        occurredAt: measurement.recordedAt,
        measurementId: measurement.measurementId,
        indicatorId,
        initiativeId: indicator.initiativeId,
        value: measurement.value,
        measuredAt: measurement.measuredAt,
        recordedBy: measurement.recordedBy,
      });
      await store.addMeasurement(measurement, event);
      return { ...measurement, progress: indicatorProgress(indicator, measurement.value) };
    },

    async listMeasurements(indicatorId: string, page: PageRequest) {
      await requireIndicator(indicatorId);
      return store.listMeasurements(indicatorId, page);
    },

    async recordReflection(initiativeId: string, input: ReflectionInput, principal: Principal) {
      await requireInitiative(initiativeId);
      const reflection: Reflection = {
        reflectionId: newId(),
        initiativeId,
        ...input,
        authorId: staffUserId(principal),
        createdAt: clock().toISOString(),
      };
      const event = domainEvent(ReflectionRecorded, {
        eventId: newId(),
        occurredAt: reflection.createdAt,
        reflectionId: reflection.reflectionId,
        initiativeId,
        ...(reflection.period ? { period: reflection.period } : {}),
        authorId: reflection.authorId,
      });
      await store.addReflection(reflection, event);
      return reflection;
    },

    async listReflections(initiativeId: string, page: PageRequest) {
      await requireInitiative(initiativeId);
      return store.listReflections(initiativeId, page);
    },
  };
}
