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
export { fireRunSensors, isRunStatusSensor } from './fire-run-sensors.js';
export {
  type FireSensorOnceOptions,
  fireSensorOnce,
  type SensorFiringStore,
  type SensorOutcome,
} from './fire-sensor-once.js';
export { LifecycleError } from './lifecycle-error.js';
export { LIFECYCLE_FUNCTION_TIMEOUT_SECONDS, SENSOR_CLAIM_LEASE_MS } from './lifecycle-timeout.js';
export {
  type ResumedSensorClaim,
  type ResumeStaleSensorClaimsOptions,
  resumeStaleSensorClaims,
} from './resume-stale-sensor-claims.js';
export {
  handleRunFinished,
  type LifecycleDefinitions,
  type RunFinishedOptions,
  type RunFinishedResult,
} from './run-finished.js';
export {
  completeSensorClaim,
  isStaleClaim,
  parseSensorClaim,
  type SensorClaim,
  sensorClaimKey,
  SensorClaimOutcome,
  SensorClaimState,
  type SensorTake,
  type SensorTarget,
  takeSensorClaim,
} from './sensor-claim.js';
export { SENSOR_MAX_FIRES, type SensorClaimPolicy, sensorClaimPolicy } from './sensor-claim-policy.js';
export { STATUS_EVENT_TYPE } from './status-event-type.js';
export {
  isSweepEvent,
  SWEEP_EVENT,
  type SweepOptions,
  type SweepResult,
  sweepClosedExecutions,
} from './sweep-executions.js';
