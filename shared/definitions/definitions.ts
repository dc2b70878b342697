import { DefinitionError } from '../errors/definition-error.js';
import { assertResourcesProvided, assertSensorResourcesProvided } from './required-resource-keys.js';
import type { LoggerDefinition } from '../loggers/logger-definition.js';
import type { AnyAssetCheckDefinition } from './asset-check.js';
import { checkCatalog } from './asset-check-catalog.js';
import type { AssetCheckSpec } from './asset-check-spec.js';
import type { AnyAssetDefinition } from './asset-definition.js';
import { assetSpecsOf } from './asset-specs-of.js';
import { assetJob, IMPLICIT_ASSET_JOB_NAME, UnresolvedAssetJob } from './asset-job.js';
import { AssetSelection } from './asset-selection.js';
import { assertNoAssetInOnSources } from './observation-job-rules.js';
import type { JobDefinition } from './job-definition.js';

/** Anything with a kind and a name that a Definitions module registers (schedules, sensors). */
export interface NamedDefinition {
  readonly kind: string;
  readonly name: string;
}

export interface DefinitionsOptions<
  S extends NamedDefinition = NamedDefinition,
  R extends NamedDefinition = NamedDefinition,
> {
  /** Op jobs and asset jobs (`defineAssetJob`, resolved against `assets`). */
  readonly jobs?: readonly (JobDefinition | UnresolvedAssetJob)[];
  /**
   * Software-defined assets. They also make the implicit job of every asset, `__ASSET_JOB`.
   * @default none
   */
  readonly assets?: readonly AnyAssetDefinition[];
  /**
   * Asset checks (`assetCheck`). Every asset job, the implicit one included, runs the checks of
   * the assets it selects.
   * @default none
   */
  readonly assetChecks?: readonly AnyAssetCheckDefinition[];
  readonly schedules?: readonly S[];
  readonly sensors?: readonly R[];
  /** Values every op sees as `context.resources`. */
  readonly resources?: Record<string, unknown>;
  /** Default loggers for jobs that define none (Dagster's default_logger_defs). */
  readonly loggers?: Record<string, LoggerDefinition>;
  /**
   * What each deployment stage (`cdk deploy -c stage=<name>`) gets: its jobs (by name) and
   * its default loggers. A stage not listed here gets everything.
   * @default every stage deploys every job with `loggers`
   * @example
   * stages: { dev: { jobs: ['local_logs'] }, prod: { jobs: ['prod_logs'], loggers: { cloudwatch } } }
   */
  readonly stages?: Record<string, StageOptions>;
  /**
   * The stage these definitions were selected for (set by `forStage`); then sensors may
   * monitor jobs other stages deploy.
   * @default none: every monitored job must be in `jobs`
   */
  readonly selectedStage?: string;
}

/** One deployment stage's selection. */
export interface StageOptions {
  /** Names of the jobs (and so of their schedules and sensors) this stage deploys. @default all */
  readonly jobs?: readonly string[];
  /** Default loggers in this stage, replacing `loggers`. @default the Definitions' loggers */
  readonly loggers?: Record<string, LoggerDefinition>;
}

/**
 * Everything a code location exports: what the CLI runs and `cdk deploy` deploys.
 * A definitions module exports one as `default`.
 *
 * @example
 * export default new Definitions({ jobs: [salesJob], schedules: [dailySales], sensors: [onFailure] });
 */
export class Definitions<S extends NamedDefinition = NamedDefinition, R extends NamedDefinition = NamedDefinition> {
  readonly kind = 'definitions' as const;
  readonly jobs: readonly JobDefinition[];
  readonly assets: readonly AnyAssetDefinition[];
  /** The separate asset checks, as given. */
  readonly assetChecks: readonly AnyAssetCheckDefinition[];
  /** The catalog of every check: the separate ones and the `checkSpecs` of assets. */
  readonly assetCheckSpecs: readonly AssetCheckSpec[];
  readonly schedules: readonly S[];
  readonly sensors: readonly R[];
  readonly resources: Readonly<Record<string, unknown>>;
  readonly loggers?: Readonly<Record<string, LoggerDefinition>>;
  readonly stages: Readonly<Record<string, StageOptions>>;
  readonly selectedStage?: string;

  constructor(options: DefinitionsOptions<S, R> = {}) {
    this.assets = Object.freeze([...(options.assets ?? [])]);
    assertUnique(
      'asset',
      this.assets.flatMap((a) => assetSpecsOf(a).map((spec) => ({ kind: 'asset', name: spec.key }))),
    );
    this.assetChecks = Object.freeze([...(options.assetChecks ?? [])]);
    this.assetCheckSpecs = checkCatalog(this.assets, this.assetChecks);
    const checks = this.assetChecks;
    assertNoAssetInOnSources(this.assets);
    const jobs = (options.jobs ?? []).map((j) =>
      j instanceof UnresolvedAssetJob ? j.resolve(this.assets, checks) : j,
    );
    // A stage's selection is final: it keeps the implicit job only when it names it. The
    // implicit job materializes: observable sources ('*' leaves them out) have their own jobs.
    const materializable = AssetSelection.all().resolve(this.assets);
    if (materializable.length > 0 && options.selectedStage === undefined) {
      jobs.push(assetJob({ name: IMPLICIT_ASSET_JOB_NAME }, materializable, checks, 'unpartitioned'));
    }
    this.jobs = Object.freeze(jobs);
    this.schedules = Object.freeze([...(options.schedules ?? [])]);
    this.sensors = Object.freeze([...(options.sensors ?? [])]);
    this.resources = Object.freeze({ ...(options.resources ?? {}) });
    if (options.loggers) this.loggers = Object.freeze({ ...options.loggers });
    assertUnique('job', this.jobs);
    for (const job of this.jobs) assertResourcesProvided(job, this.resources);
    assertUnique('schedule', this.schedules);
    assertUnique('sensor', this.sensors);
    for (const sensor of this.sensors) assertSensorResourcesProvided(sensor, this.resources);
    const jobNames = new Set(this.jobs.map((j) => j.name));
    const known = () => [...jobNames].join(', ') || '(none)';
    if (options.selectedStage !== undefined) this.selectedStage = options.selectedStage;
    for (const sensor of options.selectedStage === undefined ? this.sensors : []) {
      for (const name of (sensor as { monitoredJobNames?: readonly string[] }).monitoredJobNames ?? []) {
        if (!jobNames.has(name)) {
          throw new DefinitionError(
            `sensor "${sensor.name}" monitors job "${name}", which is not in jobs (${known()}). Add the job or fix monitoredJobs.`,
            { subject: sensor.name },
          );
        }
      }
    }
    for (const schedule of this.schedules) {
      const name = (schedule as { jobName?: string }).jobName;
      if (name !== undefined && !jobNames.has(name)) {
        throw new DefinitionError(
          `schedule "${schedule.name}" targets job "${name}", which is not in jobs (${known()}). Add the job to jobs.`,
          { subject: schedule.name },
        );
      }
    }
    this.stages = Object.freeze({ ...(options.stages ?? {}) });
    for (const [stage, selection] of Object.entries(this.stages)) {
      for (const name of selection.jobs ?? []) {
        if (!this.jobs.some((j) => j.name === name)) {
          throw new DefinitionError(
            `stage "${stage}" lists job "${name}", which is not in jobs. Known jobs: ${this.jobs.map((j) => j.name).join(', ') || '(none)'}.`,
            { subject: stage },
          );
        }
      }
    }
  }

  /**
   * The definitions one stage deploys: its jobs, the schedules and sensors that target them,
   * and its default loggers. Unknown stages get everything.
   */
  forStage(stage: string): Definitions<S, R> {
    const selection = this.stages[stage];
    if (!selection) return this;
    const names = new Set(selection.jobs ?? this.jobs.map((j) => j.name));
    const jobs = this.jobs.filter((j) => names.has(j.name));
    // Schedules name their job; sensors monitor some jobs (or all, then every stage keeps them).
    const targets = (d: NamedDefinition): boolean => {
      const job = (d as { jobName?: string }).jobName;
      const monitored = (d as { monitoredJobNames?: readonly string[] }).monitoredJobNames;
      if (job !== undefined) return names.has(job);
      return monitored === undefined || monitored.some((m) => names.has(m));
    };
    const loggers = selection.loggers ?? this.loggers;
    return new Definitions<S, R>({
      jobs,
      assets: this.assets,
      assetChecks: this.assetChecks,
      schedules: this.schedules.filter(targets),
      sensors: this.sensors.filter(targets),
      resources: this.resources,
      ...(loggers ? { loggers } : {}),
      selectedStage: stage,
    });
  }

  /** The job called `name`; the error lists the known jobs. */
  getJob(name: string): JobDefinition {
    const found = this.jobs.find((j) => j.name === name);
    if (!found) {
      throw new DefinitionError(
        `no job named "${name}". Known jobs: ${this.jobs.map((j) => j.name).join(', ') || '(none)'}.`,
        { subject: name },
      );
    }
    return found;
  }

  /** The loggers a job's runs use: the job's own, else these defaults, else undefined (built-in defaults). */
  loggersFor(job: JobDefinition): Readonly<Record<string, LoggerDefinition>> | undefined {
    return job.loggerDefs ?? this.loggers;
  }
}

function assertUnique(what: string, items: readonly NamedDefinition[]): void {
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.name)) {
      throw new DefinitionError(`two ${what}s are named "${item.name}". Give each ${what} a unique name.`, {
        subject: item.name,
      });
    }
    seen.add(item.name);
  }
}
