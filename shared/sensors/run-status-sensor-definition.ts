import { assertValidDefinitionName } from '../definitions/definition-name.js';
import type { JobDefinition } from '../definitions/job-definition.js';
import { DefinitionError } from '../errors/definition-error.js';
import { RunStatus, type TerminalRunStatus } from '../event-log/run-record.js';
import { assertValidResourceKeys } from './sensor-resource-keys.js';
import type { RunFailureSensorContext, RunStatusSensorContext } from './run-status-sensor-context.js';

/** Which API defined a sensor. */
export const SensorType = {
  RUN_STATUS: 'run_status',
  RUN_FAILURE: 'run_failure',
} as const;

export type SensorType = (typeof SensorType)[keyof typeof SensorType];

/** Options shared by {@link runStatusSensor} and {@link runFailureSensor}. */
export interface RunSensorOptions {
  /** Unique sensor name: letters, digits and underscores. */
  readonly name: string;
  /** Only runs of these jobs (or job names) trigger the sensor. @default every job of the Definitions */
  readonly monitoredJobs?: readonly (JobDefinition | string)[];
  readonly description?: string;
  /**
   * The resource keys the sensor uses: `context.resources` holds exactly these, set up (config
   * validated, `setupForExecution` run) once per process. Each must be in `Definitions({ resources })`
   * or in the sensor's own `resources`. @default []
   */
  readonly requiredResourceKeys?: readonly string[];
  /**
   * Resources of this sensor alone, by key, taking precedence over the Definitions' (as
   * `makeSlackOnRunFailureSensor({ slack: new SlackResource(...) })` binds its own). @default {}
   */
  readonly resources?: Readonly<Record<string, unknown>>;
}

/**
 * The statuses a run-status sensor watches: the run started (STARTED), or ended (SUCCESS,
 * FAILURE, CANCELED).
 */
export type SensorRunStatus = TerminalRunStatus | typeof RunStatus.STARTED;

/** Options of {@link runStatusSensor}. */
export interface RunStatusSensorOptions extends RunSensorOptions {
  /** The status that triggers the sensor: STARTED, SUCCESS, FAILURE or CANCELED. */
  readonly runStatus: SensorRunStatus;
}

/** A sensor function; its result is awaited and ignored. */
export type RunSensorFunction<C> = (context: C) => void | Promise<void>;

const SENSOR_STATUSES: readonly string[] = [
  RunStatus.STARTED,
  RunStatus.SUCCESS,
  RunStatus.FAILURE,
  RunStatus.CANCELED,
];

/**
 * A run-status sensor: a function called once when a run of a monitored job reaches a status.
 * On AWS the lifecycle Lambda calls it (STARTED from the execution's RUNNING event); locally
 * `stepster run` does, after the run (STARTED: when the run starts).
 */
export class RunStatusSensorDefinition {
  readonly kind = 'run_status_sensor' as const;
  readonly name: string;
  readonly sensorType: SensorType;
  readonly runStatus: SensorRunStatus;
  /** Job names; `undefined` = every job. */
  readonly monitoredJobNames?: readonly string[];
  readonly description?: string;
  /** What `context.resources` holds. */
  readonly requiredResourceKeys: readonly string[];
  /** The sensor's own resources (before the Definitions'). */
  readonly resources: Readonly<Record<string, unknown>>;
  readonly fn: RunSensorFunction<RunStatusSensorContext>;

  constructor(sensorType: SensorType, options: RunStatusSensorOptions, fn: RunSensorFunction<RunStatusSensorContext>) {
    const name: unknown = options?.name;
    assertValidDefinitionName(name, 'sensor', { example: 'on_run_failure' });
    const subject = `sensor "${name}"`;
    if (typeof fn !== 'function') {
      throw new DefinitionError(`${subject} has no function: pass (context) => { ... } as the second argument.`, {
        subject: name,
      });
    }
    if (!SENSOR_STATUSES.includes(options.runStatus)) {
      throw new DefinitionError(
        `${subject}: runStatus ${JSON.stringify(options.runStatus)} is not supported; use RunStatus.STARTED, RunStatus.SUCCESS, RunStatus.FAILURE or RunStatus.CANCELED.`,
        { subject: name },
      );
    }
    this.name = name;
    this.sensorType = sensorType;
    this.runStatus = options.runStatus;
    if (options.monitoredJobs !== undefined) {
      if (!Array.isArray(options.monitoredJobs) || options.monitoredJobs.length === 0) {
        throw new DefinitionError(
          `${subject}: monitoredJobs must list at least one job (omit it to monitor every job).`,
          { subject: name },
        );
      }
      this.monitoredJobNames = Object.freeze(
        options.monitoredJobs.map((job, index) => {
          if (typeof job === 'string' && job.length > 0) return job;
          if (job && typeof job === 'object' && (job as { kind?: unknown }).kind === 'job')
            return (job as JobDefinition).name;
          throw new DefinitionError(`${subject}: monitoredJobs[${index}] must be a job or a job name.`, {
            subject: name,
          });
        }),
      );
    }
    if (options.description !== undefined) this.description = options.description;
    this.requiredResourceKeys = assertValidResourceKeys(name, options.requiredResourceKeys);
    if (
      options.resources !== undefined &&
      (typeof options.resources !== 'object' || options.resources === null || Array.isArray(options.resources))
    ) {
      throw new DefinitionError(`${subject}: resources must be an object of resource key → resource.`, {
        subject: name,
      });
    }
    this.resources = Object.freeze({ ...(options.resources ?? {}) });
    this.fn = fn;
  }

  /** Whether a run of `jobName` triggers this sensor. */
  monitors(jobName: string): boolean {
    return this.monitoredJobNames === undefined || this.monitoredJobNames.includes(jobName);
  }
}

/**
 * Defines a sensor called once when a run of a monitored job reaches `runStatus`
 * (Dagster's `@run_status_sensor`).
 *
 * @example
 * export const onSalesSuccess = runStatusSensor(
 *   { name: 'sales_report', runStatus: RunStatus.SUCCESS, monitoredJobs: [salesJob] },
 *   async (context) => {
 *     const assets = await collectRunMetadata(context.instance, context.run.runId);
 *     context.log.info(`run ${context.run.runId} materialized ${assets.length} assets`);
 *   },
 * );
 */
export function runStatusSensor(
  options: RunStatusSensorOptions,
  fn: RunSensorFunction<RunStatusSensorContext>,
): RunStatusSensorDefinition {
  return new RunStatusSensorDefinition(SensorType.RUN_STATUS, options, fn);
}

/**
 * Defines a sensor called once when a run of a monitored job fails (Dagster's `@run_failure_sensor`);
 * `context.failureEvent.message` says why.
 *
 * @example
 * export const onRunFailure = runFailureSensor({ name: 'on_run_failure' }, (context) => {
 *   context.log.error(`Run ${context.run.runId} for job '${context.run.jobName}' failed: ${context.failureEvent.message}`);
 * });
 */
export function runFailureSensor(
  options: RunSensorOptions,
  fn: RunSensorFunction<RunFailureSensorContext>,
): RunStatusSensorDefinition {
  return new RunStatusSensorDefinition(
    SensorType.RUN_FAILURE,
    { ...options, runStatus: RunStatus.FAILURE },
    (context) => fn(context.forRunFailure()),
  );
}
