import type { CompiledStateMachine } from '../../shared/compiler/compile-graph.js';
import type { NodeSpec } from '../../shared/definitions/graph-builder.js';
import type { JobDefinition } from '../../shared/definitions/job-definition.js';
import { s3ObjectAccessOf } from '../../shared/definitions/s3-object-access.js';
import { StepsterEnv } from '../../shared/environment/environment-variable.js';
import { envVarsOf } from '../../shared/resources/resource-references.js';

// Lambda allows 4 KB of environment variables per function; the gated-children list takes at most half.
const GATED_CHILDREN_MAX_CHARS = 2048;

/**
 * What an op's function needs in its environment beyond the job and node: the node's gated
 * children (so the function needs no compiler), and the `EnvVar` values of the resources its op
 * requires and of the S3 IO managers it stores or loads through (`bucket: EnvVar(...)`), and no others.
 *
 * @example
 * opFunctionEnvironment(job, compiled, node, { resources: definitions.resources, values });
 */
export function opFunctionEnvironment(
  job: JobDefinition,
  compiled: CompiledStateMachine,
  node: NodeSpec,
  resources: {
    readonly definitions?: Readonly<Record<string, unknown>>;
    readonly values?: Readonly<Record<string, string>>;
  },
): Record<string, string> {
  return {
    ...resourceVariables(job, node, resources),
    [StepsterEnv.GATED_CHILDREN]: gatedChildren(job, compiled, node),
  };
}

// `,` for none; `*` (every child, one extra read per finished step) when the list would crowd the 4 KB.
function gatedChildren(job: JobDefinition, compiled: CompiledStateMachine, node: NodeSpec): string {
  const gated = new Set(compiled.stats.gatedOps);
  const listed = job
    .downstreamOf(node.name)
    .filter((child) => gated.has(child.name))
    .map((child) => child.name)
    .join(',');
  if (listed.length > GATED_CHILDREN_MAX_CHARS) return '*';
  return listed.length > 0 ? listed : ',';
}

function resourceVariables(
  job: JobDefinition,
  node: NodeSpec,
  resources: {
    readonly definitions?: Readonly<Record<string, unknown>>;
    readonly values?: Readonly<Record<string, string>>;
  },
): Record<string, string> {
  const variables: Record<string, string> = {};
  const definitions = resources.definitions ?? {};
  const ioManagers = (s3ObjectAccessOf(job, definitions).get(node.name) ?? []).map((access) => access.resourceKey);
  for (const use of envVarsOf(definitions, [...new Set([...node.op.requiredResourceKeys, ...ioManagers])])) {
    const value = resources.values?.[use.envVar.name];
    if (value === undefined) {
      throw new Error(
        `op "${node.name}" of job "${job.name}" requires resource "${use.resourceKey}", whose config field "${use.field}" reads ${use.envVar.name}, which is not set: export ${use.envVar.name} before cdk synth/deploy or pass -c env.${use.envVar.name}=<value>.`,
      );
    }
    variables[use.envVar.name] = value;
  }
  return variables;
}
