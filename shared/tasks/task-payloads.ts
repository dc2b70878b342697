import type { RunConfig } from '../definitions/run-config.js';
import type { StepStatus } from '../event-log/step-state.js';

/**
 * The payloads that cross the state machine between its Task states. They are small by
 * design (ids and references, never data) so no run meets Step Functions' 256 KB limit,
 * and they are plain JSON because each one crosses a Lambda boundary.
 */

/** `stepster.start`'s payload: the raw execution input and the context object's `Execution`. */
export interface RunStartInput {
  readonly input: unknown;
  readonly execution: { readonly Id?: string; readonly Name: string; readonly StartTime?: string };
}

/** What run start returns and every op Task receives: the run's identity and validated input. */
export interface RunTaskInput {
  readonly runId: string;
  readonly jobName: string;
  readonly runConfig: RunConfig;
  readonly tags: Readonly<Record<string, string>>;
}

/** An op Task's state: the run, plus (in its crash-report state `X.crash`) the Catch's error in `c`. */
export interface OpTaskInput extends RunTaskInput {
  readonly c?: unknown;
  /** Inside a mapped op's Map state: the item this iteration runs (step `op[mappingKey]`). */
  readonly mappingKey?: string;
  /** Set by a mapped op's `X.keys` state: return the emitter's mapping keys, run nothing. */
  readonly readMappingKeys?: true;
}

/** Who invoked an op Task: Lambda's request id, which the JSON console logger puts on every line. */
export interface OpInvocation {
  readonly requestId?: string;
}

/** What an op Task returns (its ResultPath keeps it in `$.c`; useful in the execution history). */
export interface OpTaskResult {
  readonly op: string;
  readonly status: StepStatus;
  readonly attempt: number;
  /** True when a re-delivered invocation found the attempt already finished and changed nothing. */
  readonly replayed?: boolean;
  /** From `X.keys`: the mapping keys the Map state iterates over, in emission order. */
  readonly mappingKeys?: readonly string[];
}

/** The error an op Task ended with, as its Catch stores it in `$.c`. */
export interface CrashReport {
  readonly Error: string;
  readonly Cause?: string;
}

/** An op's gate state's payload (`X.gate`, a `.waitForTaskToken` Lambda task). */
export interface GateTaskInput {
  readonly runId: string;
  readonly op: string;
  readonly token: string;
}

export interface GateTaskResult {
  readonly op: string;
  readonly registered: true;
}

/** `stepster.end`'s payload; `redriveCount` is `$$.Execution.RedriveCount` (0 for the first drive). */
export interface RunEndInput {
  readonly runId: string;
  readonly redriveCount?: number;
}

export interface RunEndResult {
  readonly runId: string;
  readonly status: 'SUCCESS';
}
