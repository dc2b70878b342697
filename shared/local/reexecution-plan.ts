import type { Definitions } from '../definitions/definitions.js';
import type { JobDefinition } from '../definitions/job-definition.js';
import type { ExecutionInput, RunConfig } from '../definitions/run-config.js';
import { SYSTEM_TAG_PREFIX, SystemTag } from '../definitions/run-tags.js';
import type { EventLogInstance } from '../event-log/event-log-instance.js';
import { isTerminalRunStatus, type RunRecord, RunStatus } from '../event-log/run-record.js';
import type { RunStore } from '../event-log/run-store.js';
import type { StepAttemptStore } from '../event-log/step-attempt-store.js';
import { DefinitionError } from '../errors/definition-error.js';
import { EventType } from '../events/event-type.js';
import { ReexecutionError, ReexecutionRefusal } from './reexecution-error.js';
import { stepsToRetry } from './steps-to-retry.js';

/** Which steps a re-execution runs (Dagster's "Re-execute from failure" and "Re-execute all"). */
export const ReexecutionMode = {
  /** The steps that did not succeed in the parent (failed, blocked, never run); the others' outputs are reused. */
  FROM_FAILURE: 'from-failure',
  /** Every step, or only those `selection` names (the others' outputs are then reused from the parent). */
  ALL: 'all',
} as const;

export type ReexecutionMode = (typeof ReexecutionMode)[keyof typeof ReexecutionMode];

/** What a re-execution changes from its parent run. */
export interface ReexecutionRequest {
  /** @default ReexecutionMode.ALL */
  readonly mode?: ReexecutionMode;
  /** Op selection queries to re-run (mode `all` only); the other steps reuse the parent's outputs. */
  readonly selection?: readonly string[];
  /** Replaces the parent's run config. @default the parent's */
  readonly runConfig?: RunConfig;
  /** Added to (and overriding) the parent's run tags. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** A re-execution ready to start: the execution input, as every launcher sends it, and its lineage tags. */
export interface ReexecutionPlan {
  readonly parent: RunRecord;
  /** The parent's run config and tags (or the overrides), and the steps to run. */
  readonly input: ExecutionInput;
  /** `stepster/parent_run_id` and `stepster/root_run_id`; run start checks them against the event log. */
  readonly systemTags: Readonly<Record<string, string>>;
}

/** The event-log reads a plan needs: the same locally and against a deployed table. */
export type ReexecutionStore = Pick<RunStore, 'getRun'> &
  Pick<StepAttemptStore, 'getStepStates' | 'readStepContext' | 'readOutputs'> &
  Pick<EventLogInstance, 'getRecordsForRun'>;

/**
 * Plans a re-execution of run `runId` with the job it ran, found in `definitions`: what every
 * launcher (`stepster reexecute`, local and remote, and the UI's Re-execute) starts. Each reason
 * it cannot is a {@link ReexecutionError} whose `reason` tells an unknown run or job from a run
 * that cannot be re-executed that way, found before a run starts.
 *
 * @throws ReexecutionError as {@link planReexecution}, and when the Definitions lack the run's job
 * @example
 * const { job, plan } = await planRunReexecution(definitions, store, runId, { mode: ReexecutionMode.FROM_FAILURE });
 */
export async function planRunReexecution(
  definitions: Definitions,
  store: ReexecutionStore,
  runId: string,
  request: ReexecutionRequest = {},
): Promise<{ job: JobDefinition; plan: ReexecutionPlan }> {
  const parent = await requireRun(store, runId);
  let job: JobDefinition;
  try {
    job = definitions.getJob(parent.jobName);
  } catch (error) {
    if (!(error instanceof DefinitionError)) throw error;
    throw new ReexecutionError(`run "${runId}": ${error.message} Load the Definitions that hold it.`, {
      reason: ReexecutionRefusal.UNKNOWN_JOB,
      cause: error,
    });
  }
  return { job, plan: await planReexecution(job, store, runId, request) };
}

/**
 * Plans a re-execution of `parentRunId` with `job`: the parent's run config and user tags (run
 * start validates them again), the lineage tags (`root` is the chain's first run), and, from
 * failure, a selection of the steps whose outputs no run of the chain produced. A step the
 * parent did not select and did not reuse stays out, so re-executing a subset run stays a subset.
 *
 * @throws ReexecutionError when the run is unknown, ran another job, has not ended, or (from failure) did not fail
 * @example
 * const plan = await planReexecution(salesJob, store, runId, { mode: ReexecutionMode.FROM_FAILURE });
 */
export async function planReexecution(
  job: JobDefinition,
  store: ReexecutionStore,
  parentRunId: string,
  request: ReexecutionRequest = {},
): Promise<ReexecutionPlan> {
  const mode = request.mode ?? ReexecutionMode.ALL;
  const parent = await requireRun(store, parentRunId);
  if (parent.jobName !== job.name) {
    throw new ReexecutionError(
      `run "${parentRunId}" ran job "${parent.jobName}", not "${job.name}": re-execute it with job "${parent.jobName}"`,
    );
  }
  if (!isTerminalRunStatus(parent.status)) {
    throw new ReexecutionError(`run "${parentRunId}" is ${parent.status}: re-execute it once it has ended`);
  }
  if (mode === ReexecutionMode.FROM_FAILURE && request.selection !== undefined) {
    throw new ReexecutionError(
      'a selection re-runs exactly the steps it names: use mode "all" with it, not "from-failure"',
    );
  }
  let selection = request.selection;
  if (mode === ReexecutionMode.FROM_FAILURE) {
    if (parent.status === RunStatus.SUCCESS) {
      throw new ReexecutionError(
        `run "${parentRunId}" succeeded, so there is no failure to re-execute from: re-execute all of it (mode "all", --all) instead`,
      );
    }
    selection = await stepsToRetry(job, store, parent, await store.getStepStates(parentRunId));
    if (selection.length === 0) {
      throw new ReexecutionError(
        `every step of run "${parentRunId}" succeeded: re-execute all of it (mode "all", --all)`,
      );
    }
  }
  const tags = { ...userTagsOf(job, parent), ...request.tags };
  const runConfig = request.runConfig ?? (await runConfigOf(store, parentRunId));
  const partition = parent.tags[SystemTag.PARTITION];
  return {
    parent,
    input: {
      ...(runConfig ? { runConfig } : {}),
      ...(Object.keys(tags).length > 0 ? { tags } : {}),
      ...(selection ? { selection } : {}),
      // The same partition: run start checks the key again and sets the tag from it.
      ...(partition !== undefined ? { partitionKey: partition } : {}),
    },
    systemTags: {
      [SystemTag.PARENT_RUN_ID]: parent.runId,
      [SystemTag.ROOT_RUN_ID]: parent.rootRunId ?? parent.runId,
    },
  };
}

/** The execution input a launcher sends for a plan: the input plus the lineage tags, as StartExecution carries them. */
export function reexecutionInput(plan: ReexecutionPlan): Record<string, unknown> {
  return { ...plan.input, stepster: { tags: { ...plan.systemTags } } };
}

async function requireRun(store: ReexecutionStore, runId: string): Promise<RunRecord> {
  const run = await store.getRun(runId);
  if (run === undefined) {
    throw new ReexecutionError(`no run "${runId}" in this event log: list the runs with \`stepster runs\``, {
      reason: ReexecutionRefusal.UNKNOWN_RUN,
    });
  }
  return run;
}

/** The parent's tags a user gave (its job's own tags and stepster's are set again by run start). */
function userTagsOf(job: JobDefinition, parent: RunRecord): Record<string, string> {
  return Object.fromEntries(
    Object.entries(parent.tags).filter(([key, value]) => !key.startsWith(SYSTEM_TAG_PREFIX) && job.tags[key] !== value),
  );
}

/** The run config RUN_START recorded (validated); none when the parent's input was refused. */
async function runConfigOf(store: ReexecutionStore, runId: string): Promise<RunConfig | undefined> {
  const page = await store.getRecordsForRun(runId, { ofType: EventType.RUN_START, limit: 1 });
  const runConfig = page.records[0]?.data?.runConfig;
  return typeof runConfig === 'object' && runConfig !== null ? (runConfig as RunConfig) : undefined;
}
