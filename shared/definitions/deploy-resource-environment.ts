import { DefinitionError } from '../errors/definition-error.js';
import { envVarsOf } from '../resources/resource-references.js';
import { ResourceConfigError } from '../resources/resource-config-error.js';
import { ResourceSet } from '../resources/resource-set.js';
import type { JobDefinition } from './job-definition.js';
import { requiredResourceKeysOf } from './required-resource-keys.js';

/**
 * The values of every `EnvVar` the jobs' resources read, looked up as `cdk synth` sees them
 * (`lookup` tries `-c env.NAME=value`, then the deploying environment), with each job's resource
 * config validated against them: a missing variable or an invalid value refuses the synth,
 * naming the job, the resource, the field and the fix. Secrets are not read here; the functions
 * that need them read them at run time.
 *
 * @example
 * const values = deployResourceEnvironment(definitions.jobs, definitions.resources, (name) => process.env[name]);
 */
export function deployResourceEnvironment(
  jobs: readonly JobDefinition[],
  resources: Readonly<Record<string, unknown>>,
  lookup: (name: string) => string | undefined,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const job of jobs) {
    const keys = requiredResourceKeysOf(job);
    for (const { envVar } of envVarsOf(resources, keys)) {
      const value = lookup(envVar.name);
      if (value !== undefined) values[envVar.name] = value;
    }
    const issues = new ResourceSet(resources, { env: values }).validate(keys);
    if (issues.length > 0) {
      const error = new ResourceConfigError(issues);
      throw new DefinitionError(
        `job "${job.name}" cannot be deployed. ${error.message}\nSet each variable in the environment that runs cdk synth/deploy, or pass -c env.<NAME>=<value>.`,
        { subject: job.name, cause: error },
      );
    }
  }
  return values;
}
