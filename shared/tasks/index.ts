// The Task handlers of a job's state machine, side by side, with the payloads they share:
// run start, op attempt (and its crash report), gate, run end. Lambda entry points and the
// local runner reach them through createJobTasks.
export { type CrashReportDeps, explainCrash, handleCrashReport, isCrashReport } from './crash-report.js';
export { validateExecutionInput } from './execution-input.js';
export { handleGateTask } from './gate-task.js';
export { createJobTasks, type JobTasks, type JobTasksOptions } from './job-tasks.js';
export { handleOpTask, type OpTaskDeps } from './op-task.js';
export { RetryScheduled } from './retry-scheduled.js';
export { handleRunEnd } from './run-end.js';
export { RunFailed } from './run-failed.js';
export { OpContractError } from './op-contract-error.js';
export { handleRunStart } from './run-start.js';
export type {
  CrashReport,
  GateTaskInput,
  GateTaskResult,
  OpInvocation,
  OpTaskInput,
  OpTaskResult,
  RunEndInput,
  RunEndResult,
  RunStartInput,
  RunTaskInput,
} from './task-payloads.js';
export type { TaskTokenSender } from './task-token-sender.js';
