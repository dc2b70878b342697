import { randomUUID } from 'node:crypto';
import type { Definitions } from '../definitions/definitions.js';
import type { JobDefinition } from '../definitions/job-definition.js';
import type { ExecutionInput } from '../definitions/run-config.js';
import { errorMessage } from '../errors/error-message.js';
import { RunConfigError } from '../errors/run-config-error.js';
import type { EventLogStore } from '../event-log/event-log-store.js';
import { handleRunFinished } from '../lifecycle/run-finished.js';
import { handleRunStarted } from '../lifecycle/run-started.js';
import { runLocally } from '../local/local-run.js';
import type { RunLease } from '../local/run-lease.js';
import { defaultLoggerDefs } from '../loggers/default-loggers.js';
import { ResourceSet } from '../resources/resource-set.js';
import type { SensorLogRecord } from '../sensors/sensor-log.js';
import { validateExecutionInput } from '../tasks/execution-input.js';
import { requireJob } from './job-view.js';
import { planRunReexecution } from '../local/reexecution-plan.js';
import { ReexecutionError, ReexecutionRefusal } from '../local/reexecution-error.js';
import type { LaunchRequest, LaunchResponse, ReexecuteRequest } from './ui-api.js';
import { UiErrorStatus, UiRequestError } from './ui-request-error.js';

/** How the server starts runs: in its own process over the local store, or on AWS (StartExecution). */
export interface UiLauncher {
  /**
   * Starts a run of `jobName` and resolves with its id as soon as the run is recorded, not when
   * it ends. Refuses with a {@link UiRequestError}: 404 for an unknown job, 400 for a run
   * config or tags that do not validate (no run is recorded then).
   */
  launch(jobName: string, request: LaunchRequest): Promise<LaunchResponse>;
  /**
   * Starts a re-execution of the ended run `parentRunId` (the path `stepster reexecute` takes)
   * and resolves with the new run's id once it is recorded. Refuses with a {@link UiRequestError}:
   * 404 for an unknown run or job, 409 when the run cannot be re-executed that way (from failure
   * of a run that succeeded, a run still going).
   */
  reexecute(parentRunId: string, request: ReexecuteRequest): Promise<LaunchResponse>;
}

/**
 * Checks a launch against the job before anything starts, with the checks run start makes
 * (op, logger and resource config, tags), and builds the execution input. Resources are
 * checked only where they are set up: locally, not for a deployed stack, whose functions
 * read other environment variables.
 *
 * @example
 * const { job, input } = validateLaunch(definitions, 'sales_job', { runConfig: { ops: {} } }, { runId, resources: true });
 */
export function validateLaunch(
  definitions: Definitions,
  jobName: string,
  request: LaunchRequest,
  options: { readonly runId: string; readonly resources: boolean },
): { job: JobDefinition; input: ExecutionInput } {
  const job = requireJob(definitions, jobName);
  const input: ExecutionInput = {
    ...(request.runConfig !== undefined ? { runConfig: request.runConfig } : {}),
    ...(request.tags !== undefined ? { tags: { ...request.tags } } : {}),
  };
  try {
    validateExecutionInput(job, definitions.loggersFor(job) ?? defaultLoggerDefs(), input, {
      executionName: options.runId,
      schedules: definitions.schedules,
      ...(options.resources ? { resources: new ResourceSet(definitions.resources) } : {}),
    });
  } catch (error) {
    if (error instanceof RunConfigError) {
      throw new UiRequestError(UiErrorStatus.BAD_REQUEST, error.message, { cause: error });
    }
    throw error;
  }
  return { job, input };
}

/**
 * Reads a launch body: `{ runConfig?: object, tags?: { [k]: string } }`.
 *
 * @example
 * parseLaunchRequest({ runConfig: { ops: {} }, tags: { team: 'data' } });
 */
export function parseLaunchRequest(body: unknown): LaunchRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new UiRequestError(
      UiErrorStatus.BAD_REQUEST,
      'the body must be a JSON object like { "runConfig": {}, "tags": {} }',
    );
  }
  const { runConfig, tags, ...rest } = body as Record<string, unknown>;
  const unknownField = Object.keys(rest)[0];
  if (unknownField !== undefined) {
    throw new UiRequestError(
      UiErrorStatus.BAD_REQUEST,
      `unknown field "${unknownField}": a launch takes "runConfig" and "tags"`,
    );
  }
  if (runConfig !== undefined && (typeof runConfig !== 'object' || runConfig === null || Array.isArray(runConfig))) {
    throw new UiRequestError(
      UiErrorStatus.BAD_REQUEST,
      'runConfig must be an object like { "ops": { "<op>": { "config": {...} } } }',
    );
  }
  if (tags !== undefined && (typeof tags !== 'object' || tags === null || Array.isArray(tags))) {
    throw new UiRequestError(UiErrorStatus.BAD_REQUEST, 'tags must be an object of strings like { "team": "data" }');
  }
  return {
    ...(runConfig !== undefined ? { runConfig: runConfig as Record<string, unknown> } : {}),
    ...(tags !== undefined ? { tags: tags as Record<string, string> } : {}),
  };
}

/** Options of {@link localLauncher}. */
export interface LocalLauncherOptions {
  readonly definitions: Definitions;
  readonly store: EventLogStore;
  /** Records that this process runs the run (`LocalInstance.leaseRun`). @default no lease */
  readonly leaseRun?: (runId: string, jobName: string) => RunLease;
  /** Where sensor records and runs that could not finish are reported. @default stderr */
  readonly log?: (line: string) => void;
}

/** A {@link UiLauncher} that runs jobs in this process, and what is still running. */
export interface LocalLauncher extends UiLauncher {
  /** Runs started and not finished yet. */
  readonly running: number;
  /** Resolves once every run started so far has ended (tests, a clean shutdown). */
  settled(): Promise<void>;
}

/**
 * Runs jobs the way `stepster run` does, in the server's process: through the compiled
 * state machine in aws-local-stepfunctions, the STARTED sensors when the run starts, its end
 * recorded and the run-status sensors fired when it ends, the run leased meanwhile.
 *
 * @example
 * const launcher = localLauncher({ definitions, store: local.store, leaseRun: local.leaseRun });
 * const { runId } = await launcher.launch('sales_job', { tags: { requested_by: 'ada' } });
 */
export function localLauncher(options: LocalLauncherOptions): LocalLauncher {
  const { definitions, store } = options;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const inFlight = new Set<Promise<void>>();
  const sensorLog = (record: SensorLogRecord): void =>
    log(`stepster ui: sensor ${record.sensorName} ${record.level} ${record.message}`);

  const launch = async (jobName: string, request: LaunchRequest): Promise<LaunchResponse> => {
    const runId = randomUUID();
    const { job, input } = validateLaunch(definitions, jobName, request, { runId, resources: true });
    return start(job, input, runId);
  };

  const reexecute = async (parentRunId: string, request: ReexecuteRequest): Promise<LaunchResponse> => {
    const { job, plan } = await planRunReexecution(definitions, store, parentRunId, { mode: request.mode }).catch(
      uiReexecutionError,
    );
    // Run start checks the lineage tags against the event log, as for `stepster reexecute`.
    return start(job, plan.input, randomUUID(), plan.systemTags);
  };

  const start = async (
    job: JobDefinition,
    input: ExecutionInput,
    runId: string,
    systemTags?: Readonly<Record<string, string>>,
  ): Promise<LaunchResponse> => {
    const lease = options.leaseRun?.(runId, job.name);
    let recorded: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      recorded = resolve;
    });
    const run = runLocally({
      job,
      definitions,
      store,
      input,
      runId,
      ...(systemTags ? { systemTags } : {}),
      onRunStarted: (startedRunId) => {
        recorded();
        return handleRunStarted({ definitions, store, runId: startedRunId, jobName: job.name, sensorLog });
      },
    })
      .then(async (result) => {
        await handleRunFinished({ definitions, store, runId, status: result.status, jobName: job.name, sensorLog });
        // Not in a finally: a run whose end was not recorded keeps its lease, for the next process to end it.
        lease?.release();
      })
      .catch((error: unknown) => log(`stepster ui: run ${runId} of ${job.name} did not finish: ${errorMessage(error)}`))
      .finally(() => {
        // A run that failed before run start recorded it is recorded by runLocally's end.
        recorded();
        inFlight.delete(run);
      });
    inFlight.add(run);
    await started;
    return { runId };
  };

  return {
    launch,
    reexecute,
    get running() {
      return inFlight.size;
    },
    settled: async () => {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}

/**
 * What the UI answers a planning failure of {@link planRunReexecution}, the one planner every
 * launcher calls: an unknown run or a job the Definitions lack is a 404; a run that cannot be
 * re-executed that way (still going, from failure of a success) is a 409 with the reason.
 */
function uiReexecutionError(error: unknown): never {
  if (!(error instanceof ReexecutionError)) throw error;
  const status =
    error.reason === ReexecutionRefusal.NOT_REEXECUTABLE ? UiErrorStatus.CONFLICT : UiErrorStatus.NOT_FOUND;
  throw new UiRequestError(status, error.message, { cause: error });
}
