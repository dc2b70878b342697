/**
 * The subset of Amazon States Language (JSONPath dialect) the compiler emits.
 * Field order in these types is the order the emitter writes them in.
 */

/** A JSON value as it may appear in a payload template (`Parameters`). */
export type AslJsonValue = null | boolean | number | string | AslJsonValue[] | { [key: string]: AslJsonValue };

/** A payload template: keys ending in `.$` are paths or intrinsic functions. */
export type AslPayloadTemplate = { [key: string]: AslJsonValue };

export interface AslRetrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
  readonly JitterStrategy?: 'FULL' | 'NONE';
}

export interface AslCatcher {
  readonly ErrorEquals: readonly string[];
  readonly ResultPath?: string | null;
  readonly Next: string;
}

/** Either `Next` or `End: true`, never both. */
export type AslTransition =
  | { readonly Next: string; readonly End?: never }
  | { readonly End: true; readonly Next?: never };

export type AslTaskState = {
  readonly Type: 'Task';
  readonly Resource: string;
  readonly Parameters?: AslPayloadTemplate;
  readonly TimeoutSeconds?: number;
  readonly ResultPath?: string | null;
  readonly Retry?: readonly AslRetrier[];
  readonly Catch?: readonly AslCatcher[];
} & AslTransition;

export type AslPassState = {
  readonly Type: 'Pass';
  readonly Parameters?: AslPayloadTemplate;
  readonly ResultPath?: string | null;
} & AslTransition;

export type AslWaitState = {
  readonly Type: 'Wait';
  readonly TimestampPath: string;
} & AslTransition;

export type AslParallelState = {
  readonly Type: 'Parallel';
  readonly Branches: readonly AslBranch[];
  readonly ResultPath?: string | null;
} & AslTransition;

export type AslMapState = {
  readonly Type: 'Map';
  readonly ItemsPath: string;
  readonly ItemSelector: AslPayloadTemplate;
  readonly MaxConcurrency: number;
  readonly ItemProcessor: AslBranch & {
    readonly ProcessorConfig: { readonly Mode: 'INLINE' | 'DISTRIBUTED'; readonly ExecutionType?: 'STANDARD' };
  };
  readonly ResultPath?: string | null;
} & AslTransition;

export type AslState = AslTaskState | AslPassState | AslWaitState | AslParallelState | AslMapState;

/** A `Parallel` branch: a state machine without top-level options. */
export interface AslBranch {
  readonly StartAt: string;
  readonly States: Readonly<Record<string, AslState>>;
}

/** A whole state machine definition. */
export interface AslDefinition extends AslBranch {
  readonly Comment?: string;
}
