import type { Definitions } from '../definitions/definitions.js';
import type { JobDefinition } from '../definitions/job-definition.js';
import type { EventLogStore } from '../event-log/event-log-store.js';
import { type ExecuteInProcessResult, executeLocally } from './execute-in-process.js';
import { planReexecution, type ReexecutionMode, type ReexecutionRequest } from './reexecution-plan.js';

/** Options of {@link reexecute} and {@link reexecuteFromFailure}. */
export interface ReexecuteOptions extends ReexecutionRequest {
  /** The event log holding the parent run; the new run is recorded there too (e.g. `result.instance`). */
  readonly instance: EventLogStore;
  readonly definitions?: Definitions;
  readonly resources?: Record<string, unknown>;
  /** @default true: a failed re-execution throws RunFailedError, as executeInProcess */
  readonly raiseOnError?: boolean;
  /** The new run's id; pass one to know it before the run starts (e.g. to show it at once). @default a random UUID */
  readonly runId?: string;
}

/**
 * Re-executes run `runId` of `job` locally through its compiled state machine, like Dagster's
 * "Re-execute": a new run tagged `stepster/parent_run_id` and `stepster/root_run_id` (the
 * chain's first run), with the parent's run config and tags unless overridden. Mode `all` runs
 * every step, or only those `selection` names; steps left out run no body and their outputs are
 * read from the run that produced them (by reference). It resolves once the new run has
 * finished, with its result; pass `runId` to know the new run's id before that.
 *
 * @default mode `all`
 * @throws ReexecutionError before any run starts when `runId` cannot be re-executed so
 * @example
 * const first = await executeInProcess(salesJob, { raiseOnError: false });
 * const again = await reexecute(salesJob, first.runId, { instance: first.instance, mode: 'all' });
 * const part = await reexecute(salesJob, first.runId, { instance: first.instance, selection: ['transform*'] });
 */
export async function reexecute(
  job: JobDefinition,
  runId: string,
  options: ReexecuteOptions,
): Promise<ExecuteInProcessResult> {
  const plan = await planReexecution(job, options.instance, runId, options);
  return executeLocally(job, {
    instance: options.instance,
    ...(plan.input.runConfig ? { runConfig: plan.input.runConfig } : {}),
    ...(plan.input.tags ? { tags: plan.input.tags as Record<string, string> } : {}),
    ...(plan.input.selection ? { opSelection: plan.input.selection } : {}),
    ...(plan.input.partitionKey !== undefined ? { partitionKey: plan.input.partitionKey } : {}),
    systemTags: plan.systemTags,
    ...(options.definitions ? { definitions: options.definitions } : {}),
    ...(options.resources ? { resources: options.resources } : {}),
    ...(options.raiseOnError !== undefined ? { raiseOnError: options.raiseOnError } : {}),
    ...(options.runId ? { runId: options.runId } : {}),
  });
}

/**
 * Re-executes the failed run `runId` from its failure (Dagster's "Re-execute from failure"): the
 * steps that failed, were blocked or never ran run again; every step that succeeded (in it, or
 * in the ancestor it reused it from) runs no body, and its outputs are read from the run that
 * produced them. Resolves once the new run has finished.
 *
 * @throws ReexecutionError when the run succeeded (re-execute all of it with {@link reexecute}), has not ended, or ran another job
 * @example
 * const failed = await executeInProcess(salesJob, { raiseOnError: false });
 * const retried = await reexecuteFromFailure(salesJob, failed.runId, { instance: failed.instance });
 */
export function reexecuteFromFailure(
  job: JobDefinition,
  runId: string,
  options: Omit<ReexecuteOptions, 'mode' | 'selection'>,
): Promise<ExecuteInProcessResult> {
  const mode: ReexecutionMode = 'from-failure';
  return reexecute(job, runId, { ...options, mode });
}
