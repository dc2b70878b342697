/**
 * Environment variables the CDK app sets on stepster Lambdas (besides the event log's
 * `STEPSTER_TABLE_NAME`), and the endpoint overrides tests use to run the bundles offline.
 */
export const AwsEnvironment = {
  /** The job a function serves (op, run start/end, step failure, gate functions). */
  JOB: 'STEPSTER_JOB',
  /** The node (op use) an op function runs. */
  NODE: 'STEPSTER_NODE',
  /** The deployment stage (`cdk deploy -c stage=prod`). */
  STAGE: 'STEPSTER_STAGE',
  /** Lifecycle function: JSON object of job name → state machine ARN. */
  STATE_MACHINES: 'STEPSTER_STATE_MACHINES',
  /** Lifecycle function: how far back the sweep looks for closed executions, in minutes. */
  SWEEP_WINDOW_MINUTES: 'STEPSTER_SWEEP_WINDOW_MINUTES',
  /** Lifecycle function: longest run the sweep expects, in hours (older starts stop its paging). */
  SWEEP_MAX_RUN_HOURS: 'STEPSTER_SWEEP_MAX_RUN_HOURS',
  /** Step Functions endpoint override; unset in AWS. */
  SFN_ENDPOINT: 'STEPSTER_SFN_ENDPOINT',
  /** Secrets Manager endpoint override; unset in AWS. */
  SECRETS_ENDPOINT: 'STEPSTER_SECRETS_ENDPOINT',
} as const;

/** Environment variables as the AWS helpers read them; `process.env` fits. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * SDK client options from the environment: an endpoint override (and, with it and no AWS
 * credentials set, dummy local credentials), else the SDK's defaults.
 *
 * @example
 * const client = new SFNClient(clientConfigFromEnvironment(AwsEnvironment.SFN_ENDPOINT));
 */
export function clientConfigFromEnvironment(
  endpointVariable: string,
  env: Environment = process.env,
): { endpoint?: string; region?: string; credentials?: { accessKeyId: string; secretAccessKey: string } } {
  const endpoint = env[endpointVariable];
  if (endpoint === undefined || endpoint.length === 0) return {};
  return {
    endpoint,
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    ...(env.AWS_ACCESS_KEY_ID ? {} : { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  };
}
