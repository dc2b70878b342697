import { z } from 'zod';
import type { Definitions } from '../definitions/definitions.js';
import type { JobDefinition } from '../definitions/job-definition.js';
import { requiredResourceKeysOf } from '../definitions/required-resource-keys.js';
import { defaultLoggerDefs } from '../loggers/default-loggers.js';
import { configSchemaOf, isConfigurableResource } from '../resources/configurable-resource.js';
import { ResourceDefinition } from '../resources/resource-definition.js';

type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema of a job's run config (`{ ops, loggers, resources }`), from the zod schemas
 * of its ops, loggers and configurable resources, for the launchpad's editor; null when the job
 * takes no config. Schemas describe the input side (a field with a default is optional), and a
 * zod type JSON Schema cannot express (a transform, a date) accepts anything rather than failing.
 *
 * @example
 * runConfigJsonSchema(salesJob, definitions);
 * // { type: 'object', properties: { ops: { properties: { fetch_sales: { properties: { config: {...} } } } } } }
 */
export function runConfigJsonSchema(job: JobDefinition, definitions: Definitions): JsonSchema | null {
  const ops = entries(job.nodes.map((node) => [node.name, node.op.configSchema]));
  const loggerDefs = definitions.loggersFor(job) ?? defaultLoggerDefs();
  const loggers = entries(Object.entries(loggerDefs).map(([name, logger]) => [name, logger.configSchema]));
  // Resource config comes from the Definitions (and environment variables); run config only
  // overrides fields, so none of them is required here.
  const resources = entries(
    requiredResourceKeysOf(job).map((key) => [key, resourceSchema(definitions.resources[key])]),
    { optionalFields: true },
  );
  const sections = Object.entries({ ops, loggers, resources }).filter(
    (section): section is [string, JsonSchema] => section[1] !== undefined,
  );
  if (sections.length === 0) return null;
  return { type: 'object', additionalProperties: false, properties: Object.fromEntries(sections) };
}

function resourceSchema(resource: unknown): z.ZodType | undefined {
  if (resource instanceof ResourceDefinition) return resource.configSchema;
  if (isConfigurableResource(resource)) return configSchemaOf(resource);
  return undefined;
}

/** `{ <name>: { config: <schema> } }` for the named schemas, or undefined when there are none. */
function entries(
  named: readonly (readonly [string, z.ZodType | undefined])[],
  options: { readonly optionalFields?: boolean } = {},
): JsonSchema | undefined {
  const properties: Record<string, JsonSchema> = {};
  for (const [name, schema] of named) {
    if (schema === undefined) continue;
    const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
    if (options.optionalFields) delete json.required;
    properties[name] = { type: 'object', additionalProperties: false, properties: { config: json } };
  }
  if (Object.keys(properties).length === 0) return undefined;
  return { type: 'object', additionalProperties: false, properties };
}
