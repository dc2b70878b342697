/**
 * Run config, as typed into the console or a `--config` file:
 * `{ "ops": { "fetch_sales": { "config": {...} } }, "loggers": { "console": { "config": {...} } } }`.
 * Run start validates it against every op's and logger's schema before any op runs.
 */
export interface RunConfig {
  readonly ops?: Readonly<Record<string, { readonly config?: unknown }>>;
  readonly loggers?: Readonly<Record<string, { readonly config?: unknown }>>;
  /** Overrides of resource config fields, validated with the resource's schema. */
  readonly resources?: Readonly<Record<string, { readonly config?: unknown }>>;
}

/**
 * The execution input of a job's state machine: what a user types into the Step Functions
 * console, what EventBridge and schedules send, what `stepster run` builds.
 *
 * @example
 * const input: ExecutionInput = { runConfig: { ops: { fetch_sales: { config: { date: '2026-11-01' } } } }, tags: { k: 'v' } };
 */
export interface ExecutionInput {
  readonly runConfig?: RunConfig;
  readonly tags?: Record<string, unknown>;
  /** Dagster op selection queries (`["a*", "+c"]`): only those steps run. @default every step */
  readonly selection?: readonly string[];
  /** The partition to run, for a partitioned job: `"2026-11-01"`. Run start checks it and sets tag `stepster/partition`. */
  readonly partitionKey?: string;
}
