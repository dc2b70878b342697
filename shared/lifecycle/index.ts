export type { ClosedExecution, ExecutionLister } from './execution-lister.js';
export { CLOSED_EXECUTION_STATUSES, ExecutionStatus, runStatusOfExecution } from './execution-status.js';
export {
  describeExecutionError,
  EXECUTION_STATUS_CHANGE,
  type ExecutionStatusChangeDetail,
  type ExecutionStatusChangeEvent,
  handleExecutionStatusChange,
  isExecutionStatusChangeEvent,
  type StatusChangeOutcome,
} from './execution-status-change.js';
export { fireRunSensors, isRunStatusSensor, type SensorOutcome } from './fire-run-sensors.js';
export { LifecycleError } from './lifecycle-error.js';
export {
  handleRunFinished,
  type LifecycleDefinitions,
  type RunFinishedOptions,
  type RunFinishedResult,
} from './run-finished.js';
export {
  isSweepEvent,
  SWEEP_EVENT,
  type SweepOptions,
  type SweepResult,
  sweepClosedExecutions,
} from './sweep-executions.js';
