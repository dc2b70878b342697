export {
  type AssetCheckEvaluationData,
  AssetCheckResult,
  type AssetCheckResultOptions,
  AssetCheckSeverity,
} from './asset-check-result.js';
export { type AssetEventData, type AssetEventOptions, compileAssetEventOptions } from './asset-event-options.js';
export { AssetMaterialization } from './asset-materialization.js';
export { AssetObservation } from './asset-observation.js';
export { EventType } from './event-type.js';
export { Failure, type FailureOptions, isFailure, type UserFailureData } from './failure.js';
export { eventWhere } from './event-where.js';
export { ExpectationResult, type ExpectationResultData, type ExpectationResultOptions } from './expectation-result.js';
export { Output, type OutputEventData, type OutputOptions } from './output.js';
export { isUserEvent, type UserEvent } from './user-event.js';
export type { EventDraft } from './event-draft.js';
export type { LogLevelName } from './log-level-name.js';
export { RunEvents } from './run-events.js';
export { pyList, StepEvents, type StepFailureDraft } from './step-events.js';
