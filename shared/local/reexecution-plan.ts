import type { JobDefinition } from '../definitions/job-definition.js';
import { selectedStepsOf } from '../definitions/op-selection.js';
import type { ExecutionInput, RunConfig } from '../definitions/run-config.js';
import { SYSTEM_TAG_PREFIX, SystemTag } from '../definitions/run-tags.js';
import type { EventLogInstance } from '../event-log/event-log-instance.js';
import { isTerminalRunStatus, type RunRecord, RunStatus } from '../event-log/run-record.js';
import type { RunStore } from '../event-log/run-store.js';
import type { StepAttemptStore } from '../event-log/step-attempt-store.js';
import { type StepState, StepStatus } from '../event-log/step-state.js';
import { EventType } from '../events/event-type.js';
import { ReexecutionError } from './reexecution-error.js';

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
  Pick<StepAttemptStore, 'getStepStates'> &
  Pick<EventLogInstance, 'getRecordsForRun'>;

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
  const parent = await store.getRun(parentRunId);
  if (parent === undefined) {
    throw new ReexecutionError(`no run "${parentRunId}" in this event log: list the runs with \`stepster runs\``);
  }
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
    selection = stepsToRetry(job, parent, await store.getStepStates(parentRunId));
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

/** In job order: steps the parent ran (or should have) without producing their outputs. */
function stepsToRetry(job: JobDefinition, parent: RunRecord, states: Readonly<Record<string, StepState>>): string[] {
  const parentSelection = selectedStepsOf(parent.tags);
  return job.nodes
    .map((node) => node.name)
    .filter((name) => {
      const state = states[name];
      if (state?.status === StepStatus.SUCCESS) return false;
      if (state?.status === StepStatus.NOT_SELECTED) return false;
      // A step with no state was selected (or the run has no selection) and never ran.
      return parentSelection === undefined || parentSelection.has(name) || state !== undefined;
    });
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
