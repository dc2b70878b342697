import { describe, expect, it } from 'vitest';
import { clientConfigFromEnvironment } from '../../shared/environment/client-config.js';
import type { Environment } from '../../shared/environment/environment.js';
import { isLambdaEnvironment } from '../../shared/environment/lambda-environment.js';
import { StepsterEnv } from '../../shared/environment/environment-variable.js';

describe('StepsterEnv', () => {
  it('names every variable STEPSTER_<key>', () => {
    // Prepare
    const entries = Object.entries(StepsterEnv);

    // Act
    const mismatched = entries.filter(([key, name]) => name !== `STEPSTER_${key}`);

    // Assess
    expect(entries.length).toBeGreaterThan(0);
    expect(mismatched).toEqual([]);
  });
});

describe('clientConfigFromEnvironment', () => {
  it('leaves the SDK defaults when the endpoint variable is unset or empty', () => {
    // Prepare
    const envs: Environment[] = [{}, { [StepsterEnv.SFN_ENDPOINT]: '' }];

    // Act
    const configs = envs.map((env) => clientConfigFromEnvironment(StepsterEnv.SFN_ENDPOINT, env));

    // Assess
    expect(configs).toEqual([{}, {}]);
  });

  it('points at the endpoint, with local credentials unless AWS credentials are set', () => {
    // Prepare
    const endpoint = 'http://127.0.0.1:4566';

    // Act
    const local = clientConfigFromEnvironment(StepsterEnv.SECRETS_ENDPOINT, {
      [StepsterEnv.SECRETS_ENDPOINT]: endpoint,
    });
    const withCredentials = clientConfigFromEnvironment(StepsterEnv.SECRETS_ENDPOINT, {
      [StepsterEnv.SECRETS_ENDPOINT]: endpoint,
      AWS_ACCESS_KEY_ID: 'AKIA',
      AWS_REGION: 'eu-west-3',
    });
    const defaultRegion = clientConfigFromEnvironment(StepsterEnv.SECRETS_ENDPOINT, {
      [StepsterEnv.SECRETS_ENDPOINT]: endpoint,
      AWS_DEFAULT_REGION: 'ap-south-1',
    });

    // Assess
    expect(local).toEqual({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    expect(withCredentials).toEqual({ endpoint, region: 'eu-west-3' });
    expect(defaultRegion.region).toBe('ap-south-1');
  });
});

describe('isLambdaEnvironment', () => {
  it('is true only where the Lambda runtime names the function', () => {
    // Prepare
    const envs: Environment[] = [
      { AWS_LAMBDA_FUNCTION_NAME: 'stepster-sales_job-fetch_sales' },
      { AWS_LAMBDA_FUNCTION_NAME: '' },
      {},
    ];

    // Act
    const results = envs.map((env) => isLambdaEnvironment(env));

    // Assess
    expect(results).toEqual([true, false, false]);
  });
});
