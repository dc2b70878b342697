// The public API of stepster: `import { op, job, ... } from 'stepster'`.

// Definitions
export {
  op,
  job,
  graph,
  In,
  Out,
  Definitions,
  GraphDefinition,
  JobDefinition,
  OpExecutionContext,
  OutputHandle,
  buildOpContext,
  SystemTag,
  DEFAULT_OUTPUT_NAME,
  type OpDefinition,
  type OpOptions,
  type OpLambdaOptions,
  type JobOptions,
  type DefinitionsOptions,
  type InputDefinition,
  type OutputDefinition,
  type OpLog,
  type RunInfo,
} from './definitions/index.js';

// Events
export {
  Output,
  AssetMaterialization,
  AssetObservation,
  ExpectationResult,
  AssetCheckResult,
  AssetCheckSeverity,
  EventType,
  Failure,
  type UserEvent,
} from './events/index.js';

// Metadata
export {
  MetadataValue,
  MetadataEntry,
  TableSchema,
  TableColumn,
  normalizeMetadata,
  metadataToPlain,
  type RawMetadata,
  type TypedMetadata,
  type TypedMetadataValue,
} from './metadata/index.js';

// Errors
export {
  RetryRequested,
  DefinitionError,
  RunConfigError,
  TypeCheckError,
  MetadataError,
} from './errors/index.js';

// Retries
export { RetryPolicy, Backoff, Jitter } from './retry/index.js';

// Loggers
export {
  logger,
  coloredConsoleLogger,
  jsonConsoleLogger,
  cloudwatchLogger,
  makeCloudwatchLogger,
  makeColoredConsoleLogger,
  makeJsonConsoleLogger,
  cloudwatchLoggerTargets,
  buildInitLoggerContext,
  LogLevel,
  type LoggerDefinition,
  type LoggerSink,
  type LogRecord,
  type InitLoggerContext,
} from './loggers/index.js';

// Compiler
export { compileJob } from './compiler/compile-job.js';
export type { CompiledStateMachine, CompileOptions } from './compiler/compile-graph.js';

// Event log and local execution
export { EventLogStore, collectRunMetadata, RunStatus, type RunRecord } from './event-log/index.js';
export type { EventRecord } from './event-log/event-record.js';
export { executeInProcess, RunFailedError, type ExecuteInProcessResult } from './local/execute-in-process.js';
export { runLocally, type LocalRunResult } from './local/local-run.js';
export { openLocalInstance, type LocalInstance } from './local/local-instance.js';

// Schedules, sensors, run lifecycle, secrets (deploy)
export {
  schedule,
  nextTicks,
  scheduledRunId,
  DefaultScheduleStatus,
  ScheduleDefinition,
  type ScheduleOptions,
  type ScheduleTick,
} from './schedules/index.js';
export {
  runFailureSensor,
  runStatusSensor,
  buildRunStatusSensorContext,
  RunStatusSensorDefinition,
  type RunFailureSensorContext,
  type RunStatusSensorContext,
} from './sensors/index.js';
export { handleRunFinished, type RunFinishedResult } from './lifecycle/index.js';
export { secret, SecretReference } from './secrets/index.js';
