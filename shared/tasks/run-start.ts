import type { JobDefinition } from '../definitions/job-definition.js';
import { SystemTag } from '../definitions/run-tags.js';
import { RunConfigError } from '../errors/index.js';
import type { EventLogStore } from '../event-log/index.js';
import { EventType } from '../events/event-type.js';
import { StepEventWriter } from './step-event-writer.js';
import type { RunTaskInput } from './run-task-input.js';
import type { LoggerDefinition } from '../loggers/index.js';
import { validateExecutionInput } from './execution-input.js';

/** Payload of the `stepster.start` state. */
export interface RunStartInput {
  readonly input: unknown;
  readonly execution: { readonly Id?: string; readonly Name: string; readonly StartTime?: string };
}

/**
 * First state of every run: validates the execution input (run config and tags) and writes
 * RUN_START. A bad input is recorded as RUN_FAILURE naming each bad field, then the
 * execution fails with `stepster.RunConfigError` before any op runs.
 */
export async function handleRunStart(
  deps: { job: JobDefinition; store: EventLogStore; loggerDefs: Readonly<Record<string, LoggerDefinition>> },
  payload: RunStartInput,
): Promise<RunTaskInput> {
  const { job, store } = deps;
  const runId = payload.execution.Name;
  const startTime = payload.execution.StartTime ?? new Date().toISOString();
  let validated: ReturnType<typeof validateExecutionInput>;
  try {
    validated = validateExecutionInput(job, deps.loggerDefs, payload.input);
  } catch (error) {
    if (!(error instanceof RunConfigError)) throw error;
    const writer = new StepEventWriter(runId, '~start', 0, undefined);
    writer.add(EventType.RUN_FAILURE, `Run config for job "${job.name}" is invalid. ${error.message}`, {
      level: 'ERROR',
      data: { error: { name: error.name, message: error.message }, issues: error.issues },
    });
    await store.startRun(
      { runId, jobName: job.name, status: 'FAILURE', tags: { ...job.tags }, startTime, endTime: startTime },
      writer.events,
    );
    throw error;
  }
  const tags = { ...job.tags, ...validated.tags, ...validated.systemTags };
  const parentRunId = tags[SystemTag.PARENT_RUN_ID];
  const rootRunId = tags[SystemTag.ROOT_RUN_ID];
  const writer = new StepEventWriter(runId, '~start', 0, undefined);
  writer.add(EventType.RUN_START, `Started execution of run for "${job.name}".`, {
    level: 'INFO',
    data: { tags, runConfig: validated.runConfig },
  });
  await store.startRun(
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
