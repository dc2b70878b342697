import './promise-with-resolvers.js';
import { randomUUID } from 'node:crypto';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import {
  childStateName,
  opStateNames,
  RETRY_SCHEDULED_ERROR,
  RUN_END_STATE,
  RUN_START_STATE,
} from '../compiler/emit-states.js';
import type { Definitions } from '../definitions/definitions.js';
import type { ExecutionInput } from '../definitions/run-config.js';
import type { JobDefinition } from '../definitions/job-definition.js';
import type { EventLogStore } from '../event-log/event-log-store.js';
import { handleRunFinished } from '../lifecycle/run-finished.js';
import { createJobTasks } from '../tasks/job-tasks.js';
import type { GateTaskInput, OpTaskInput } from '../tasks/task-payloads.js';
import { asLambda } from './lambda-boundary.js';
import { LocalTaskTokens } from './local-task-tokens.js';

/** A step's progress, as the local interpreter reports it. */
export interface StepProgress {
  readonly node: string;
  readonly phase: 'started' | 'finished' | 'retrying' | 'failed';
  readonly at: number;
}

export interface LocalRunResult {
  readonly runId: string;
  readonly status: 'SUCCESS' | 'FAILURE';
  /** The execution's error when it failed (e.g. stepster.RunFailed, RunConfigError). */
  readonly error?: { readonly name: string; readonly message: string };
  /** State transitions the run took, counted like Step Functions bills them. */
  readonly stateTransitions: number;
}

/**
 * Runs a job through its compiled state machine in aws-local-stepfunctions, each Task
 * dispatched across a Lambda-shaped boundary to the same handlers the Lambdas run.
 */
export async function runLocally(options: {
  job: JobDefinition;
  definitions?: Definitions;
  store: EventLogStore;
  input?: ExecutionInput;
  runId?: string;
  resources?: Record<string, unknown>;
  onProgress?: (progress: StepProgress) => void;
  /** System tags this launcher sets (`stepster/partition`): sent in the input as a deployed launcher would, and vouched for. */
  systemTags?: Readonly<Record<string, string>>;
  /**
   * Called once the run-start state has recorded the run (what the RUNNING status-change event
   * is on AWS): `stepster run` fires the STARTED sensors here. Runs beside the ops, as on AWS;
   * awaited before the run's end is recorded.
   */
  onRunStarted?: (runId: string) => Promise<unknown>;
}): Promise<LocalRunResult> {
  const tokens = new LocalTaskTokens();
  const runtime = createJobTasks({
    job: options.job,
    store: options.store,
    tokens,
    ...(options.definitions ? { definitions: options.definitions } : {}),
    ...(options.resources ? { resources: options.resources } : {}),
    ...(options.systemTags ? { vouchedTags: options.systemTags } : {}),
  });
  const runId = options.runId ?? randomUUID();
  let started: Promise<void> | undefined;
  const startedHook: { failed: boolean; error?: unknown } = { failed: false };
  const runStart = asLambda(runtime.runStart);
  const handlers: Record<string, (input: unknown) => Promise<unknown>> = {
    [RUN_START_STATE]: async (input: unknown) => {
      const output = await runStart(input);
      const onRunStarted = options.onRunStarted;
      // Caught here and rethrown below, so a failing hook never looks like a failing run-start state.
      if (onRunStarted) {
        started ??= onRunStarted(runId).then(
          () => undefined,
          (error: unknown) => {
            startedHook.failed = true;
            startedHook.error = error;
          },
        );
      }
      return output;
    },
    [RUN_END_STATE]: asLambda(runtime.runEnd),
  };
  for (const node of options.job.nodes) {
    const states = opStateNames(node.name);
    const opTask = asLambda((input: OpTaskInput) => runtime.opTask(node.name, input));
    // The op and its crash report are one Lambda on AWS, as here.
    handlers[states.task] = opTask;
    handlers[states.crash] = opTask;
    // A mapped op's keys Task is its Lambda too (its Task and crash report run inside the Map).
    handlers[states.keys] = opTask;
    handlers[states.gate] = async (params: unknown) => {
      const payload = (params as { Payload: GateTaskInput }).Payload;
      // The context's Task.Token is one fixed value locally; each gate gets its own token here.
      const token = `local:${payload.runId}:${payload.op}`;
      const released = tokens.wait(token);
      await asLambda(runtime.gate)({ ...payload, token });
      await released;
      return null;
    };
  }

  const startTime = new Date().toISOString();
  const input =
    options.systemTags === undefined
      ? (options.input ?? {})
      : { ...options.input, stepster: { tags: { ...options.systemTags } } };

  let transitions = 0;
  // The states that report progress: the op's Task, and its crash report (which may schedule a retry).
  const nodeOfState = new Map<string, string>();
  for (const { name } of options.job.nodes) {
    nodeOfState.set(name, name);
    nodeOfState.set(opStateNames(name).crash, name);
  }
  /** Runs one state machine of the job (the parent, or a child of a split job) to its end. */
  const execute = async (definition: unknown, executionInput: unknown, executionName: string): Promise<unknown> => {
    const machine = new StateMachine(definition as StateMachineDefinition, {
      validationOptions: { checkArn: true, checkPaths: true },
    });
    const execution = machine.run(executionInput as never, {
      overrides: { taskResourceLocalHandlers: handlers as never },
      context: {
        Execution: {
          Id: `arn:aws:states:us-east-1:000000000000:execution:stepster-${options.job.name}:${executionName}`,
          Name: executionName,
          StartTime: startTime,
          Input: executionInput as never,
          // A local run is never redriven; the run-end state reads this for its event key.
          RedriveCount: 0,
        },
        Task: { Token: 'local' },
      },
    });
    const progress = (async () => {
      for await (const event of execution.eventLogs) {
        if (event.type === 'StateEntered') transitions++;
        if (!options.onProgress || !('state' in event)) continue;
        const node = nodeOfState.get(event.state.name);
        if (node === undefined) continue;
        const crashReport = node !== event.state.name;
        if (event.type === 'StateEntered' && !crashReport) {
          options.onProgress({ node, phase: 'started', at: event.timestamp });
        } else if (event.type === 'StateExited') options.onProgress({ node, phase: 'finished', at: event.timestamp });
        else if (event.type === 'StateCaught') {
          const retrying = event.catch.catcher.ErrorEquals.includes(RETRY_SCHEDULED_ERROR);
          options.onProgress({ node, phase: retrying ? 'retrying' : 'failed', at: event.timestamp });
        }
      }
    })();
    try {
      return await execution.result;
    } finally {
      await progress.catch(() => undefined);
    }
  };
  // A split job's parent starts each child and waits for it (states:startExecution.sync:2).
  runtime.compiled.children.forEach((child, index) => {
    handlers[childStateName(index)] = async (params: unknown) => {
      const childInput = (params as { Input: unknown }).Input;
      return { Output: await execute(child, childInput, `${runId}-part-${index + 1}`) };
    };
  });

  let error: { name: string; message: string } | undefined;
  try {
    await execute(runtime.compiled.definition, input, runId);
  } catch (e) {
    error = describeExecutionError(e);
  }
  await started;

  // The lifecycle's recording step, as on AWS, for runs that ended without run end recording
  // them (bad input, a crash). Sensors are the caller's choice: executeInProcess fires none.
  await handleRunFinished({
    definitions: { jobs: [options.job], sensors: [], resources: {} },
    store: options.store,
    runId,
    status: error ? 'FAILURE' : 'SUCCESS',
    jobName: options.job.name,
    startTime,
    ...(error ? { error } : {}),
  });
  if (startedHook.failed) throw startedHook.error;
  return { runId, status: error ? 'FAILURE' : 'SUCCESS', ...(error ? { error } : {}), stateTransitions: transitions };
}

function describeExecutionError(e: unknown): { name: string; message: string } {
  // aws-local-stepfunctions wraps the state's error; its Cause is Lambda's error JSON.
  const err = e as { name?: string; message?: string; cause?: unknown };
  const inner = (err.cause ?? e) as { name?: string; message?: string };
  const name = inner.name ?? err.name ?? 'Error';
  let message = inner.message ?? err.message ?? String(e);
  try {
    const parsed = JSON.parse(message) as { errorMessage?: string };
    if (parsed.errorMessage) message = parsed.errorMessage;
  } catch {
    // not Lambda's JSON: keep the text
  }
  return { name, message };
}
