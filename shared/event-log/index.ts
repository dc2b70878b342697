export type { AttemptClaim, ClaimOutcome } from './attempt-claim.js';
export { type BatchRetryPolicy, DEFAULT_BATCH_RETRY_POLICY } from './batch-retry-policy.js';
export { type RunAssetMetadata, collectRunMetadata } from './collect-run-metadata.js';
export { type EventEntry, toEventEntry } from './event-entry.js';
export { eventKey, isEventKey, RunEventScope, terminalEventKey } from './event-key.js';
export { EventLogError } from './event-log-error.js';
export type {
  AssetEventsOptions,
  EventLogInstance,
  EventRecordsPage,
  RecordsForRunOptions,
  RunsFilter,
} from './event-log-instance.js';
export { EventLogStore, type EventLogStoreOptions } from './event-log-store.js';
export type { GateStore } from './gate-store.js';
export type { OnceAttributes, OnceMarkerStore } from './once-marker-store.js';
export type { FinishRunOptions, RunStore } from './run-store.js';
export type { StepAttemptStore } from './step-attempt-store.js';
export type { EventRecord, LogLevelName } from './event-record.js';
export type { GateChild, GateStatus } from './gate-status.js';
export { OUTPUT_ITEM_BYTES } from './output-item.js';
export {
  decodeOutputValue,
  type EncodedOutputValue,
  encodeOutputValue,
  findUnstorableValue,
  type OutputValueEncoding,
  OutputValueFormat,
  type UnstorableValue,
} from './output-value-codec.js';
export {
  isRunStatus,
  isTerminalRunStatus,
  type RunRecord,
  RunStatus,
  TERMINAL_RUN_STATUSES,
  type TerminalRunStatus,
} from './run-record.js';
export { sortableTimestamp } from './sortable-timestamp.js';
export {
  DEFAULT_STORAGE_THROTTLING_POLICY,
  isStorageThrottling,
  type StorageThrottlingPolicy,
} from './storage-throttling.js';
export type { StepAttemptCommit } from './step-attempt-commit.js';
export type { OutputLookup, StepContext, StepContextRequest } from './step-context.js';
export {
  blocksDownstream,
  countsAsFailed,
  isStepDone,
  isStepFinal,
  isStepStatus,
  type StepErrorInfo,
  type StepState,
  StepStatus,
} from './step-state.js';
export {
  DEFAULT_EVENT_TABLE_NAME,
  EVENT_TABLE_SCHEMA,
  type EventTableSchema,
  EventTableIndex,
} from './table-schema.js';
