import type { ResourceSet } from '../resources/resource-set.js';
import type { JobDefinition } from '../definitions/job-definition.js';
import { SystemTag } from '../definitions/run-tags.js';
import { RunConfigError } from '../errors/run-config-error.js';
import { RunEventScope } from '../event-log/event-key.js';
import type { RunStore } from '../event-log/run-store.js';
import { RunEvents } from '../events/run-events.js';
import type { LoggerDefinition } from '../loggers/logger-definition.js';
import { validateExecutionInput } from './execution-input.js';
import { StepEventWriter } from './step-event-writer.js';
import type { RunStartInput, RunTaskInput } from './task-payloads.js';

/**
 * First state of every run: validates the execution input (run config and tags) and writes
 * RUN_START. A bad input is recorded as RUN_FAILURE naming each bad field, then the
 * execution fails with `RunConfigError` before any op runs.
 */
export async function handleRunStart(
  deps: {
    readonly job: JobDefinition;
    readonly runs: RunStore;
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
  let validated: ReturnType<typeof validateExecutionInput>;
  try {
    validated = validateExecutionInput(job, deps.loggerDefs, payload.input, {
      executionName: runId,
      schedules: deps.schedules,
      ...(deps.resources ? { resources: deps.resources } : {}),
      ...(deps.vouchedTags ? { vouchedTags: deps.vouchedTags } : {}),
    });
  } catch (error) {
    if (!(error instanceof RunConfigError)) throw error;
    writer.add(RunEvents.configInvalid(job.name, error, error.issues));
    await runs.startRun(
      { runId, jobName: job.name, status: 'FAILURE', tags: { ...job.tags }, startTime, endTime: startTime },
      writer.events,
    );
    throw error;
  }
  const tags = { ...job.tags, ...validated.tags, ...validated.systemTags };
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
