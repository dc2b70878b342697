import type { JobDefinition } from '../definitions/job-definition.js';
import type { EventLogStore } from '../event-log/index.js';
import { EventType } from '../events/event-type.js';
import { StepEventWriter } from './step-event-writer.js';
import { RunFailed } from './run-failed.js';

/**
 * Last state of every run: RUN_SUCCESS, or RUN_FAILURE naming the failed steps (then the
 * execution fails with `stepster.RunFailed`).
 */
export async function handleRunEnd(
  deps: { job: JobDefinition; store: EventLogStore },
  payload: { runId: string },
): Promise<{ runId: string; status: 'SUCCESS' }> {
  const { job, store } = deps;
  const steps = await store.getStepStates(payload.runId);
  // A step with no final state crashed and could not record it: it failed too.
  const failed = job.nodes
    .map((n) => n.name)
    .filter((n) => {
      const status = steps[n]?.status;
      return status === undefined || status === 'FAILURE' || status === 'UP_FOR_RETRY';
    });
  const writer = new StepEventWriter(payload.runId, '~end', 0, undefined);
  if (failed.length > 0) {
    const message = `Execution of run for "${job.name}" failed. Steps failed: [${failed.map((s) => `'${s}'`).join(', ')}].`;
    writer.add(EventType.RUN_FAILURE, message, { level: 'ERROR', data: { failedSteps: failed } });
    await store.finishRun(payload.runId, 'FAILURE', writer.events);
    throw new RunFailed(message, failed);
  }
  writer.add(EventType.RUN_SUCCESS, `Finished execution of run for "${job.name}".`, { level: 'INFO' });
  await store.finishRun(payload.runId, 'SUCCESS', writer.events);
  return { runId: payload.runId, status: 'SUCCESS' };
}
