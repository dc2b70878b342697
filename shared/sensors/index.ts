export { RunStatus, type TerminalRunStatus } from '../event-log/index.js';
export {
  type BuildRunStatusSensorContextOptions,
  buildRunStatusSensorContext,
  type RunFailureSensorContext,
  type RunStatusSensorContext,
} from './run-status-sensor-context.js';
export {
  type RunSensorFunction,
  type RunSensorOptions,
  runFailureSensor,
  runStatusSensor,
  RunStatusSensorDefinition,
  type RunStatusSensorOptions,
  SensorType,
} from './run-status-sensor-definition.js';
export { createSensorLog, type SensorLog, type SensorLogRecord } from './sensor-log.js';
