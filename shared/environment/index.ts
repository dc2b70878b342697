export { clientConfigFromEnvironment, type EndpointClientConfig } from './client-config.js';
export type { Environment } from './environment.js';
export { StepsterEnv, type StepsterEnvVariable } from './environment-variable.js';
export { isLambdaEnvironment } from './lambda-environment.js';
