import { StepsterError } from '../errors/stepster-error.js';
import type { GateStore } from '../event-log/gate-store.js';
import type { StepAttemptStore } from '../event-log/step-attempt-store.js';
import type { CrashReport, OpTaskResult } from '../tasks/task-payloads.js';
import { handleCrashReport } from '../tasks/crash-report.js';

/**
 * A function could not load the user's Definitions (the module threw at import, or the
 * deployed job is not in it). Its `name` is the error Step Functions sees, so the op Task's
 * Catch hands it back to the op, which then records STEP_FAILURE without the Definitions.
 */
export class DefinitionsLoadFailed extends StepsterError {
  override readonly name = 'stepster.DefinitionsLoadFailed' as const;
}

const NO_TOKENS = { sendTaskSuccess: async (): Promise<void> => undefined };

/**
 * Records an op's crash (STEP_FAILURE) with the event log alone, for when the Definitions
 * cannot load: the crash path must not need what failed, or every re-invocation through the
 * Catch would fail the same way until the execution's 25,000-event history limit.
 *
 * @example
 * await recordCrashWithoutDefinitions(store, 'fetch_sales', event.runId, event.c);
 */
export function recordCrashWithoutDefinitions(
  store: StepAttemptStore & GateStore,
  nodeName: string,
  runId: string,
  crash: CrashReport,
): Promise<OpTaskResult> {
  return handleCrashReport(
    { steps: store, gates: store, tokens: NO_TOKENS, gatedNodes: new Set() },
    nodeName,
    runId,
    crash,
  );
}
