import type { Environment } from './environment.js';

/** AWS SDK client options that {@link clientConfigFromEnvironment} may set. */
export interface EndpointClientConfig {
  readonly endpoint?: string;
  readonly region?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** Region of a client pointed at a local endpoint when the environment names none. */
const LOCAL_REGION = 'us-east-1';

/**
 * SDK client options from the environment: when `endpointVariable` is set (tests, local runs),
 * that endpoint, the environment's region, and dummy credentials unless AWS credentials are
 * set; else nothing, and the SDK's defaults apply (in AWS).
 *
 * @default env process.env
 * @example
 * const client = new SecretsManagerClient(clientConfigFromEnvironment(StepsterEnv.SECRETS_ENDPOINT));
 */
export function clientConfigFromEnvironment(
  endpointVariable: string,
  env: Environment = process.env,
): EndpointClientConfig {
  const endpoint = env[endpointVariable];
  if (endpoint === undefined || endpoint.length === 0) return {};
  return {
    endpoint,
    region: env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? LOCAL_REGION,
    ...(env['AWS_ACCESS_KEY_ID'] ? {} : { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  };
}
