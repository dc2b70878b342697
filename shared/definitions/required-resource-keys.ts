import { DefinitionError } from '../errors/definition-error.js';
import type { JobDefinition } from './job-definition.js';

/**
 * Every resource key some op of `job` requires, in first-use order: what run start validates
 * and what the CDK app gives the job's functions (each op's function only its own keys).
 *
 * @example
 * requiredResourceKeysOf(salesJob); // ['paths', 'smtp']
 */
export function requiredResourceKeysOf(job: JobDefinition): string[] {
  return [...new Set(job.nodes.flatMap((node) => node.op.requiredResourceKeys))];
}

/**
 * Refuses a job whose ops require a resource that `resources` lacks: a definition error naming
 * the op, the key and the keys there are, raised before anything runs.
 */
export function assertResourcesProvided(job: JobDefinition, resources: Readonly<Record<string, unknown>>): void {
  for (const node of job.nodes) {
    for (const key of node.op.requiredResourceKeys) {
      if (key in resources) continue;
      const known = Object.keys(resources);
      throw new DefinitionError(
        `op "${node.name}" of job "${job.name}" requires resource "${key}", which is not among the resources (${known.length > 0 ? known.map((k) => `"${k}"`).join(', ') : 'none'}). Add it to Definitions({ resources }) (or executeInProcess/materialize({ resources })), or fix requiredResourceKeys.`,
        { subject: node.name },
      );
    }
    // An output's IO manager is a resource too: a missing one would fail the step only after its body ran.
    for (const [output, out] of Object.entries(node.op.outs)) {
      const key = out.ioManagerKey;
      if (key === undefined || key in resources) continue;
      throw new DefinitionError(
        `output "${output}" of op "${node.name}" in job "${job.name}" uses Out({ ioManagerKey: "${key}" }), which is not among the resources. Add resources: { ${key}: s3IoManager({ bucket }) } to Definitions (or executeInProcess), or drop ioManagerKey to use "io_manager".`,
        { subject: node.name },
      );
    }
  }
}

/** What {@link assertSensorResourcesProvided} reads of a sensor (sensors sit above this room). */
interface ResourceUser {
  readonly name: string;
  readonly requiredResourceKeys?: readonly string[];
  readonly resources?: Readonly<Record<string, unknown>>;
}

/**
 * Refuses a sensor that requires a resource neither it nor `resources` provides: a definition
 * error naming the sensor, the key and the keys there are.
 */
export function assertSensorResourcesProvided(
  sensor: ResourceUser,
  resources: Readonly<Record<string, unknown>>,
): void {
  for (const key of sensor.requiredResourceKeys ?? []) {
    if (key in resources || key in (sensor.resources ?? {})) continue;
    const known = Object.keys(resources);
    throw new DefinitionError(
      `sensor "${sensor.name}" requires resource "${key}", which is not among the resources (${known.length > 0 ? known.map((k) => `"${k}"`).join(', ') : 'none'}). Add it to Definitions({ resources }), or fix requiredResourceKeys.`,
      { subject: sensor.name },
    );
  }
}
