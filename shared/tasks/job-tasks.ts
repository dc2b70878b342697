import { compileJob } from '../compiler/compile-job.js';
import type { CompiledStateMachine } from '../compiler/compile-graph.js';
import type { Definitions } from '../definitions/definitions.js';
import type { JobDefinition } from '../definitions/job-definition.js';
import type { EventLogStore } from '../event-log/index.js';
import { handleGateTask, type GateTaskInput } from './gate-task.js';
import { handleOpTask, type OpTaskResult } from './op-task.js';
import type { RunTaskInput } from './run-task-input.js';
import type { TaskTokenSender } from './task-token-sender.js';
import { defaultLoggerDefs, type LoggerDefinition } from '../loggers/index.js';
import { handleRunEnd } from './run-end.js';
import { handleRunStart, type RunStartInput } from './run-start.js';

/** Every task handler of one job, bound to a store: what Lambda entry points and the local runner call. */
export interface JobTasks {
  readonly job: JobDefinition;
  readonly compiled: CompiledStateMachine;
  readonly loggerDefs: Readonly<Record<string, LoggerDefinition>>;
  runStart(payload: RunStartInput): Promise<RunTaskInput>;
  /** An op attempt, or (when the state carries the Catch's error in `c`) the record of its crash. */
  opTask(
    node: string,
    input: RunTaskInput & { readonly c?: unknown },
    invocation?: { readonly requestId?: string },
  ): Promise<OpTaskResult>;
  gate(input: GateTaskInput): Promise<{ op: string; registered: true }>;
  runEnd(payload: { runId: string }): Promise<{ runId: string; status: 'SUCCESS' }>;
}

export function createJobTasks(options: {
  job: JobDefinition;
  definitions?: Definitions;
  store: EventLogStore;
  tokens: TaskTokenSender;
  resources?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
}): JobTasks {
  const { job, store, tokens } = options;
  const compiled = compileJob(job);
  const loggerDefs = options.definitions?.loggersFor(job) ?? job.loggerDefs ?? defaultLoggerDefs(options.env);
  const resources = options.resources ?? options.definitions?.resources ?? {};
  const gatedNodes = new Set(compiled.stats.gatedOps);
  const deps = { job, store, tokens, gatedNodes, loggerDefs, resources };
  return {
    job,
    compiled,
    loggerDefs,
    runStart: (payload) => handleRunStart(deps, payload),
    opTask: (node, input, invocation) => handleOpTask(deps, node, input, invocation),
    gate: (input) => handleGateTask(deps, input),
    runEnd: (payload) => handleRunEnd(deps, payload),
  };
}
