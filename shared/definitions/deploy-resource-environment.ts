import { DefinitionError } from '../errors/definition-error.js';
import { envVarsOf } from '../resources/resource-references.js';
import { ResourceConfigError } from '../resources/resource-config-error.js';
import { ResourceSet } from '../resources/resource-set.js';
import type { JobDefinition } from './job-definition.js';
import { requiredResourceKeysOf } from './required-resource-keys.js';
import { s3ObjectAccessOf } from './s3-object-access.js';

/** What one deployed thing (a job, a sensor) sets up: which resources, from which set. */
export interface ResourceUse {
  /** Who, for messages: `job "sales_job"`, `sensor "on_failure"`. */
  readonly subject: string;
  readonly resources: Readonly<Record<string, unknown>>;
  readonly keys: readonly string[];
}

/**
 * The resource uses of jobs: each job's required keys among the Definitions' resources, and the
 * S3 IO managers its outputs go through (whose bucket may be an `EnvVar`).
 *
 * @example
 * deployResourceEnvironment(jobResourceUses(definitions.jobs, definitions.resources), lookup);
 */
export function jobResourceUses(
  jobs: readonly JobDefinition[],
  resources: Readonly<Record<string, unknown>>,
): ResourceUse[] {
  return jobs.map((job) => {
    const ioManagers = [...s3ObjectAccessOf(job, resources).values()].flat().map((access) => access.resourceKey);
    return {
      subject: `job "${job.name}"`,
      resources,
      keys: [...new Set([...requiredResourceKeysOf(job), ...ioManagers])],
    };
  });
}

/**
 * The values of every `EnvVar` the uses' resources read, looked up as `cdk synth` sees them
 * (`lookup` tries `-c env.NAME=value`, then the deploying environment), with each use's resource
 * config validated against them: a missing variable or an invalid value refuses the synth,
 * naming the job or sensor, the resource, the field and the fix. Secrets are not read here; the
 * functions that need them read them at run time.
 *
 * @example
 * const values = deployResourceEnvironment(jobResourceUses(definitions.jobs, definitions.resources), (name) => process.env[name]);
 */
export function deployResourceEnvironment(
  uses: readonly ResourceUse[],
  lookup: (name: string) => string | undefined,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const use of uses) {
    for (const { envVar } of envVarsOf(use.resources, use.keys)) {
      const value = lookup(envVar.name);
      if (value !== undefined) values[envVar.name] = value;
    }
    const issues = new ResourceSet(use.resources, { env: values }).validate(use.keys);
    if (issues.length > 0) {
      const error = new ResourceConfigError(issues);
      throw new DefinitionError(
        `${use.subject} cannot be deployed. ${error.message}\nSet each variable in the environment that runs cdk synth/deploy, or pass -c env.<NAME>=<value>.`,
        { subject: use.subject, cause: error },
      );
    }
  }
  return values;
}
