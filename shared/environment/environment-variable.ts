/**
 * Every environment variable stepster reads, by one name each. Who sets it and who reads it is
 * written on each; the values are the variable names (`StepsterEnv.JOB` is `'STEPSTER_JOB'`).
 *
 * @example
 * const jobName = env[StepsterEnv.JOB]; // the job a deployed function serves
 */
export const StepsterEnv = {
  /**
   * Name of the event table. Set by the CDK app on every stepster Lambda (op, run-control and
   * lifecycle functions); read by `EventLogStore.fromEnvironment()`, which requires it, and by the
   * CLI's `--remote` commands, which fall back to `stepster-<stage>-events`.
   */
  TABLE_NAME: 'STEPSTER_TABLE_NAME',
  /**
   * DynamoDB endpoint override, unset in AWS. Set by tests and local child processes to the
   * embedded store's endpoint (`startLocalDynamo().endpoint`); read by
   * `EventLogStore.fromEnvironment()`, which then uses dummy credentials if none are set.
   */
  DYNAMODB_ENDPOINT: 'STEPSTER_DYNAMODB_ENDPOINT',
  /**
   * The job a function serves. Set by the CDK app on a job's op and run-control functions;
   * read by the job Lambda handlers (`createJobLambdaHandlers`) to pick the job from the Definitions.
   */
  JOB: 'STEPSTER_JOB',
  /**
   * The node (op use) an op function runs. Set by the CDK app on each op function; read by the
   * op Lambda handler.
   */
  NODE: 'STEPSTER_NODE',
  /**
   * The children of an op's node that the state machine gates, comma-separated (`,` alone for
   * none; `*` for "treat every child as gated", when the list would not fit). Set by the CDK app
   * on each op function from the compiled job; read by the op Lambda handler, so an op function
   * needs no compiler to know which gates it releases. Unset: `*`.
   */
  GATED_CHILDREN: 'STEPSTER_GATED_CHILDREN',
  /**
   * The deployment stage (`cdk deploy -c stage=prod`). Set by the CDK app on every function, and
   * in its own process while it loads the Definitions module (which may choose jobs and loggers
   * by it); read by the job and lifecycle Lambda handlers (`Definitions.forStage`) and by the CLI's
   * `--remote` commands (default stage, else `dev`).
   */
  STAGE: 'STEPSTER_STAGE',
  /**
   * JSON object of job name → state machine ARN. Set by the CDK app on the lifecycle function;
   * read by the lifecycle Lambda handler to tell which job an execution belongs to.
   */
  STATE_MACHINES: 'STEPSTER_STATE_MACHINES',
  /**
   * How far back the sweep looks for closed executions, in minutes. Set by the CDK app on the
   * lifecycle function; read by the lifecycle Lambda handler.
   */
  SWEEP_WINDOW_MINUTES: 'STEPSTER_SWEEP_WINDOW_MINUTES',
  /**
   * Longest run the sweep expects, in hours (older starts stop its paging). Not set by the CDK
   * app (the sweep's default applies); an operator may set it on the lifecycle function. Read by
   * the lifecycle Lambda handler.
   */
  SWEEP_MAX_RUN_HOURS: 'STEPSTER_SWEEP_MAX_RUN_HOURS',
  /**
   * Step Functions endpoint override, unset in AWS. Set by tests that run the bundles offline;
   * read by the task-token sender and the lifecycle handler's execution lister.
   */
  SFN_ENDPOINT: 'STEPSTER_SFN_ENDPOINT',
  /**
   * Secrets Manager endpoint override, unset in AWS. Set by tests; read by `secret(...)` when it
   * fetches a value.
   */
  SECRETS_ENDPOINT: 'STEPSTER_SECRETS_ENDPOINT',
  /**
   * The Definitions module the CLI loads when `--definitions` is not given. Set by the user;
   * read by the CLI.
   * @default 'examples/definitions.ts' (when unset)
   */
  DEFINITIONS: 'STEPSTER_DEFINITIONS',
  /**
   * The stage's IO manager bucket. Set by the CDK app on op functions when the Definitions use
   * `s3IoManager({ bucket: S3_IO_MANAGER_BUCKET })`; read by that IO manager to name its bucket.
   */
  IO_BUCKET: 'STEPSTER_IO_BUCKET',
} as const;

/** The name of one stepster environment variable, e.g. `'STEPSTER_JOB'`. */
export type StepsterEnvVariable = (typeof StepsterEnv)[keyof typeof StepsterEnv];
