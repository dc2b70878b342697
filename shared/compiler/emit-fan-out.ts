import type { AslMapState, AslState, AslTaskState, AslTransition } from './asl-types.js';
import { LAMBDA_SERVICE_RETRIERS } from './lambda-retriers.js';
import { DEFAULT_FAN_OUT_CONCURRENCY, FanOutMode, type FanOutOptions } from '../definitions/fan-out-options.js';

/** Where `X.keys` puts the mapping keys for the Map state right after it. */
export const MAPPING_KEYS_PATH = '$.k';

// What every op Task reads from the state: the run, as run start returned it.
export const RUN_FIELDS = {
  'runId.$': '$.runId',
  'jobName.$': '$.jobName',
  'runConfig.$': '$.runConfig',
  'tags.$': '$.tags',
} as const;

/**
 * `X.keys`: the mapped op's own Lambda reads the emitter's mapping keys from the event log
 * and returns them (never the items: those stay in DynamoDB, each read by its own step).
 * A Task instead of a path into the emitter's result, because the emitter's result does not
 * survive a Parallel state (ResultPath null) between it and the Map.
 */
export function mappingKeysTask(resource: string, timeoutSeconds: number, next: string): AslTaskState {
  return {
    Type: 'Task',
    Resource: resource,
    Parameters: { ...RUN_FIELDS, readMappingKeys: true },
    TimeoutSeconds: timeoutSeconds,
    ResultPath: MAPPING_KEYS_PATH,
    Retry: LAMBDA_SERVICE_RETRIERS,
    Next: next,
  };
}

/**
 * The Map state of a mapped op: one iteration per mapping key, each running the op's usual
 * states (Task, crash report, retry wait) with the run's fields and its `mappingKey`. A step
 * that fails ends its iteration normally (the op records the failure), so siblings go on and
 * the run end names the failed `op[key]`; ResultPath null keeps the results (one per item)
 * out of the 256 KB state.
 */
export function mapState(
  entry: string,
  iteration: Record<string, AslState>,
  options: FanOutOptions,
  then: AslTransition,
): AslMapState {
  const mode = options.mode ?? FanOutMode.INLINE;
  return {
    Type: 'Map',
    ItemsPath: `${MAPPING_KEYS_PATH}.mappingKeys`,
    ItemSelector: { ...RUN_FIELDS, 'mappingKey.$': '$$.Map.Item.Value' },
    MaxConcurrency: options.maxConcurrency ?? DEFAULT_FAN_OUT_CONCURRENCY[mode],
    ItemProcessor: {
      // Child executions are Standard: an item may run (and retry) longer than Express's 5 minutes.
      ProcessorConfig: mode === FanOutMode.DISTRIBUTED ? { Mode: mode, ExecutionType: 'STANDARD' } : { Mode: mode },
      StartAt: entry,
      States: iteration,
    },
    ResultPath: null,
    ...then,
  };
}
