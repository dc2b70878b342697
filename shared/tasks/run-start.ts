import type { ResourceSet } from '../resources/resource-set.js';
import type { JobDefinition } from '../definitions/job-definition.js';
import { SystemTag } from '../definitions/run-tags.js';
import { RunConfigError } from '../errors/run-config-error.js';
import { RunEventScope } from '../event-log/event-key.js';
import type { RunStore } from '../event-log/run-store.js';
import type { StepAttemptStore } from '../event-log/step-attempt-store.js';
import { RunEvents } from '../events/run-events.js';
import type { LoggerDefinition } from '../loggers/logger-definition.js';
import { validateExecutionInput } from './execution-input.js';
import { checkRunLineage } from './run-lineage.js';
import { parseSystemTags } from './system-tags.js';
import { StepEventWriter } from './step-event-writer.js';
import type { RunStartInput, RunTaskInput } from './task-payloads.js';

/**
 * First state of every run: validates the execution input (run config, tags, selection, and a
 * re-execution's lineage against the event log) and writes RUN_START. A bad input is recorded as RUN_FAILURE naming each bad field, then the
 * execution fails with `RunConfigError` before any op runs.
 */
export async function handleRunStart(
  deps: {
    readonly job: JobDefinition;
    readonly runs: RunStore;
    /** A re-execution reads its parent's step states (run-lineage.ts). */
    readonly steps: Pick<StepAttemptStore, 'getStepStates'>;
    readonly loggerDefs: Readonly<Record<string, LoggerDefinition>>;
    /** The Definitions' schedules, against which a `stepster/schedule_name` tag is checked. */
    readonly schedules: readonly unknown[];
    /** The job's resources: their config is validated with the run config. */
    readonly resources?: ResourceSet;
    /** System tags the in-process launcher vouches for (see LaunchContext). */
    readonly vouchedTags?: Readonly<Record<string, string>>;
  },
  payload: RunStartInput,
): Promise<RunTaskInput> {
  const { job, runs } = deps;
  const runId = payload.execution.Name;
  const startTime = payload.execution.StartTime ?? new Date().toISOString();
  const writer = new StepEventWriter(runId, RunEventScope.START, 0, undefined);
  let validated: ReturnType<typeof validateExecutionInput> | undefined;
  let refused: RunConfigError | undefined;
  try {
    validated = validateExecutionInput(job, deps.loggerDefs, payload.input, {
      executionName: runId,
      schedules: deps.schedules,
      ...(deps.resources ? { resources: deps.resources } : {}),
      ...(deps.vouchedTags ? { vouchedTags: deps.vouchedTags } : {}),
    });
  } catch (error) {
    if (!(error instanceof RunConfigError)) throw error;
    refused = error;
  }
  // Checked even when the input is refused, so every problem is reported together.
  const lineage = await checkRunLineage(deps, {
    runId,
    systemTags: validated?.systemTags ?? claimedSystemTags(payload.input),
    ...(validated?.selection ? { selection: validated.selection } : {}),
    ...(deps.vouchedTags ? { vouchedTags: deps.vouchedTags } : {}),
  });
  if (lineage.length > 0) refused = new RunConfigError([...(refused?.issues ?? []), ...lineage], { cause: refused });
  if (refused !== undefined || validated === undefined) {
    const error = refused ?? new RunConfigError([]);
    writer.add(RunEvents.configInvalid(job.name, error, error.issues));
    await runs.startRun(
      { runId, jobName: job.name, status: 'FAILURE', tags: { ...job.tags }, startTime, endTime: startTime },
      writer.events,
    );
    throw error;
  }
  const tags: Record<string, string> = {
    ...job.tags,
    ...validated.tags,
    ...validated.systemTags,
    // The op tasks of unselected steps read it to skip themselves (op-selection.ts).
    ...(validated.selection ? { [SystemTag.OP_SELECTION]: JSON.stringify(validated.selection) } : {}),
  };
  const parentRunId = tags[SystemTag.PARENT_RUN_ID];
  const rootRunId = tags[SystemTag.ROOT_RUN_ID];
  writer.add(RunEvents.start(job.name, { tags, runConfig: validated.runConfig }));
  await runs.startRun(
    {
      runId,
      jobName: job.name,
      status: 'STARTED',
      tags,
      startTime,
      ...(parentRunId ? { parentRunId } : {}),
      ...(rootRunId ? { rootRunId } : {}),
    },
    writer.events,
  );
  return { runId, jobName: job.name, runConfig: validated.runConfig, tags };
}

/** The system tags an input claims, read leniently (their shape errors are the validation's to report). */
function claimedSystemTags(input: unknown): Record<string, string> {
  const stepster = typeof input === 'object' && input !== null ? (input as { stepster?: unknown }).stepster : undefined;
  return parseSystemTags(stepster, []);
}
