// The public API of stepster: `import { op, job, ... } from 'stepster'`.

// Definitions
export { op, type OpOptions } from './definitions/op-definition.js';
export { job, graph, GraphDefinition } from './definitions/graph-definition.js';
export { In, type InputDefinition } from './definitions/in.js';
export { Out, DEFAULT_OUTPUT_NAME, type OutputDefinition } from './definitions/out.js';
export { Definitions, type DefinitionsOptions } from './definitions/definitions.js';
export {
  asset,
  type AssetDefinition,
  type AnyAssetDefinition,
  type AssetOptions,
} from './definitions/asset-definition.js';
export { AssetIn, type AssetInDefinition } from './definitions/asset-in.js';
export { assetStepName, type AssetSpec } from './definitions/asset-spec.js';
export { AssetSelection } from './definitions/asset-selection.js';
export {
  defineAssetJob,
  UnresolvedAssetJob,
  IMPLICIT_ASSET_JOB_NAME,
  type AssetJobOptions,
} from './definitions/asset-job.js';
// Asset checks
export {
  assetCheck,
  checkStepName,
  type AssetCheckDefinition,
  type AnyAssetCheckDefinition,
  type AssetCheckOptions,
  type AssetCheckBody,
} from './definitions/asset-check.js';
export { AssetCheckSpec, type AssetCheckSpecOptions } from './definitions/asset-check-spec.js';
export { assetSpecsOf } from './definitions/asset-specs-of.js';
export {
  multiAsset,
  AssetOut,
  type AssetOutDefinition,
  type AssetOutsShape,
  type MultiAssetDefinition,
  type MultiAssetOptions,
} from './definitions/multi-asset.js';
export { AssetCheckError } from './errors/asset-check-error.js';
export { JobDefinition, type JobOptions } from './definitions/job-definition.js';
export { OpExecutionContext, type RunInfo } from './definitions/op-execution-context.js';
export { OutputHandle } from './definitions/output-handle.js';
// Dynamic fan-out (DESIGN section 11).
export { DynamicOut, type DynamicOutputDefinition } from './definitions/dynamic-out.js';
export { DynamicOutputHandle, MappedOutputHandle, CollectedOutputHandle } from './definitions/dynamic-output-handle.js';
export { DynamicOutput, type DynamicOutputOptions, MAPPING_KEY_PATTERN } from './events/dynamic-output.js';
export { MappingKeyError } from './errors/mapping-key-error.js';
export { FanOutMode, type FanOutOptions } from './definitions/fan-out-options.js';
export { buildOpContext } from './definitions/build-op-context.js';
export { SystemTag } from './definitions/run-tags.js';
export type { OpDefinition, OpLambdaOptions } from './definitions/op-definition-type.js';
export type { OpLog } from './definitions/op-log.js';

// Events
export { Output } from './events/output.js';
export { AssetMaterialization } from './events/asset-materialization.js';
export { AssetObservation } from './events/asset-observation.js';
export { ExpectationResult } from './events/expectation-result.js';
export { AssetCheckResult, AssetCheckSeverity } from './events/asset-check-result.js';
export { EventType } from './events/event-type.js';
export { Failure } from './events/failure.js';
export type { UserEvent } from './events/user-event.js';

// Metadata
export { MetadataValue } from './metadata/metadata-value.js';
export { MetadataEntry } from './metadata/metadata-entry.js';
export { TableSchema, TableColumn } from './metadata/table-schema.js';
export {
  tablePreviewMetadata,
  type TablePreviewMetadata,
  type TablePreviewOptions,
} from './metadata/table-preview-metadata.js';
export { normalizeMetadata, type RawMetadata } from './metadata/normalize-metadata.js';
export { metadataToPlain } from './metadata/metadata-to-plain.js';
export type { TypedMetadata, TypedMetadataValue } from './metadata/typed-metadata.js';

// Errors
export { RetryRequested } from './errors/retry-requested.js';
export { DefinitionError } from './errors/definition-error.js';
export { RunConfigError } from './errors/run-config-error.js';
export { TypeCheckError } from './errors/type-check-error.js';
export { MetadataError } from './errors/metadata-error.js';

// Retries
export { RetryPolicy } from './retry/retry-policy.js';
export { Backoff } from './retry/backoff.js';
export { Jitter } from './retry/jitter.js';

// Loggers
export { logger, type LoggerDefinition, type LoggerSink } from './loggers/logger-definition.js';
export { coloredConsoleLogger, makeColoredConsoleLogger } from './loggers/colored-console-logger.js';
export { jsonConsoleLogger, makeJsonConsoleLogger } from './loggers/json-console-logger.js';
export { cloudwatchLogger, makeCloudwatchLogger } from './loggers/cloudwatch-logger.js';
export { cloudwatchLoggerTargets } from './loggers/cloudwatch-logger-targets.js';
export { buildInitLoggerContext, type InitLoggerContext } from './loggers/init-logger-context.js';
export { LogLevel } from './loggers/log-level.js';
export type { LogRecord, LogRecordEvent } from './loggers/log-record.js';

// Compiler
export { compileJob } from './compiler/compile-job.js';
export type { CompiledStateMachine, CompileOptions } from './compiler/compile-graph.js';
export { type RowError, type ValidationResult, validateLazy } from './data-quality/validate-lazy.js';
export { type FilteredRows, filterInvalidRows } from './data-quality/filter-invalid-rows.js';
export { VALIDATION_WARNINGS_METADATA_KEY, validateAndFilter } from './data-quality/validate-and-filter.js';
export { type ZodAssetCheckOptions, zodAssetCheck } from './data-quality/zod-asset-check.js';

// Event log and local execution
export { EventLogStore } from './event-log/event-log-store.js';
export { collectRunMetadata } from './event-log/collect-run-metadata.js';
export { RunStatus, type RunRecord } from './event-log/run-record.js';
export type { EventRecord } from './event-log/event-record.js';
export {
  executeInProcess,
  RunFailedError,
  type ExecuteInProcessOptions,
  type ExecuteInProcessResult,
} from './local/execute-in-process.js';
export { materialize, type MaterializeResult } from './local/materialize.js';
export { reexecute, reexecuteFromFailure, type ReexecuteOptions } from './local/reexecute.js';
export { ReexecutionMode, type ReexecutionRequest } from './local/reexecution-plan.js';
export { ReexecutionError, ReexecutionRefusal } from './local/reexecution-error.js';
export { resolveOpSelection } from './definitions/op-selection.js';
export { runLocally, type LocalRunResult } from './local/local-run.js';
export { openLocalInstance, type LocalInstance } from './local/local-instance.js';

// Schedules, sensors, run lifecycle, secrets (deploy)
export {
  schedule,
  DefaultScheduleStatus,
  ScheduleDefinition,
  type ScheduleOptions,
} from './schedules/schedule-definition.js';
export { nextTicks, type ScheduleTick } from './schedules/next-ticks.js';
export { scheduledRunId } from './schedules/scheduled-run-id.js';
export {
  runFailureSensor,
  runStatusSensor,
  RunStatusSensorDefinition,
} from './sensors/run-status-sensor-definition.js';
export {
  buildRunStatusSensorContext,
  type RunFailureSensorContext,
  type RunStatusSensorContext,
} from './sensors/run-status-sensor-context.js';
export { handleRunFinished, type RunFinishedResult } from './lifecycle/run-finished.js';
export { secret, SecretReference } from './secrets/secret-reference.js';
export { EnvVar, EnvVarReference } from './resources/env-var.js';
export { ConfigurableResource } from './resources/configurable-resource.js';
export { type InitResourceContext, ResourceDefinition, resource } from './resources/resource-definition.js';
export type { ConfigValue, ConfigValues } from './resources/config-values.js';
export { ResourceConfigError } from './resources/resource-config-error.js';
export { ResourceEnvironment, ResourceSet } from './resources/resource-set.js';
// IO managers (large outputs in S3)
export { DEFAULT_IO_MANAGER_KEY, type IoManager, isIoManager, type OutputAddress } from './resources/io-manager.js';
export { IoManagerError } from './resources/io-manager-error.js';
export { S3_IO_MANAGER_BUCKET, S3IoManager, type S3IoManagerOptions, s3IoManager } from './resources/s3-io-manager.js';
export { requiredResourceKeysOf } from './definitions/required-resource-keys.js';

// Data versions, observable source assets and asset status (issue 9)
export { DataVersion } from './events/data-version.js';
export type { MaterializationFacts, StoredOutputRef } from './events/materialization-facts.js';
export { MissingAssetValueError } from './tasks/missing-asset-value-error.js';
export {
  observableSourceAsset,
  type ObservableSourceAssetDefinition,
  type ObservableSourceAssetOptions,
} from './definitions/observable-source-asset.js';
export { ObservationError } from './definitions/observation-error.js';
export type { AssetCheckStatus, AssetStatus, StaleCause } from './event-log/asset-status.js';
// Notifications: Slack and email resources, run-failure sensors that use them, STARTED sensors
export { SlackResource, type SlackMessage, type SlackPostResult } from './notifications/slack-resource.js';
export { SesEmailResource } from './notifications/ses-email-resource.js';
export { SmtpResource } from './notifications/smtp-resource.js';
export type { EmailAttachment, EmailMessage, EmailSendResult, EmailSender } from './notifications/email-message.js';
export { NotificationDeliveryError, NotificationService } from './notifications/notification-delivery-error.js';
export { type DeliveryOutcome, deliverNotification } from './notifications/deliver-notification.js';
export {
  makeSlackOnRunFailureSensor,
  type SlackOnRunFailureSensorOptions,
} from './sensors/slack-on-run-failure-sensor.js';
export {
  type EmailOnRunFailureSensorOptions,
  makeEmailOnRunFailureSensor,
} from './sensors/email-on-run-failure-sensor.js';
export { defaultRunFailureMessage, type RunFailureText } from './sensors/run-failure-message.js';
export type { SensorRunStatus } from './sensors/run-status-sensor-definition.js';
export { handleRunStarted, type RunStartedResult } from './lifecycle/run-started.js';

// --- partitions and backfills (DESIGN section 11)
export {
  PartitionsDefinition,
  type PartitionKeysOptions,
} from './definitions/partitions/partitions-definition.js';
export { StaticPartitionsDefinition } from './definitions/partitions/static-partitions-definition.js';
export {
  TimeWindowPartitionsDefinition,
  type TimeWindowPartitionsOptions,
  type PartitionTimeWindow,
} from './definitions/partitions/time-window-partitions-definition.js';
export {
  DailyPartitionsDefinition,
  HourlyPartitionsDefinition,
  WeeklyPartitionsDefinition,
  MonthlyPartitionsDefinition,
} from './definitions/partitions/time-window-partitions.js';
export { PartitionCadence } from './definitions/partitions/partition-cadence.js';
export { PartitionKeyError } from './definitions/partitions/partition-key-error.js';
export {
  backfill,
  type BackfillOptions,
  type BackfillResult,
  type BackfillRun,
} from './local/backfill.js';
export { type BackfillSelection, backfillKeys } from './local/backfill-keys.js';
export { BackfillError } from './local/backfill-error.js';
export {
  buildScheduleFromPartitionedJob,
  PartitionedScheduleDefinition,
  type PartitionedScheduleOptions,
} from './schedules/partitioned-schedule.js';
