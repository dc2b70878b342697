import { findSecrets } from '../secrets/find-secrets.js';
import { SecretReference } from '../secrets/secret-reference.js';
import { isConfigurableResource, RESOURCE_CONFIG_VALUES } from './configurable-resource.js';
import { type EnvVarReference, isEnvVar } from './env-var.js';
import { ResourceDefinition } from './resource-definition.js';
import { S3IoManager } from './s3-io-manager.js';

/** An `EnvVar` a resource's config reads, and where. */
export interface EnvVarUse {
  readonly resourceKey: string;
  readonly field: string;
  readonly envVar: EnvVarReference;
}

function configValuesOf(value: unknown): Readonly<Record<string, unknown>> | undefined {
  if (value instanceof ResourceDefinition) return value.configValues;
  if (isConfigurableResource(value)) return value[RESOURCE_CONFIG_VALUES];
  // The one field of an S3 IO manager an EnvVar may fill.
  if (value instanceof S3IoManager) return { bucket: value.options.bucket };
  return undefined;
}

/**
 * The environment variables the resources `keys` read: what `cdk synth` must find, and sets
 * on exactly the functions whose steps require those resources.
 *
 * @example
 * envVarsOf(definitions.resources, ['smtp']).map((use) => use.envVar.name); // ['SMTP_HOST']
 */
export function envVarsOf(resources: Readonly<Record<string, unknown>>, keys: readonly string[]): EnvVarUse[] {
  return keys.flatMap((resourceKey) =>
    Object.entries(configValuesOf(resources[resourceKey]) ?? {}).flatMap(([field, value]) =>
      isEnvVar(value) ? [{ resourceKey, field, envVar: value }] : [],
    ),
  );
}

/**
 * The secrets the resources `keys` read (config fields, or `secret(...)` values found inside a
 * plain resource): the only ones a function requiring those resources may read.
 *
 * @example
 * secretsOf(definitions.resources, ['smtp']).map((s) => s.secretName); // ['prod/smtp']
 */
export function secretsOf(resources: Readonly<Record<string, unknown>>, keys: readonly string[]): SecretReference[] {
  const found = new Map<string, SecretReference>();
  for (const key of keys) {
    const value = resources[key];
    const config = configValuesOf(value);
    const secrets = config
      ? Object.values(config).filter((field): field is SecretReference => field instanceof SecretReference)
      : findSecrets(value);
    for (const secret of secrets) found.set(secret.secretName, secret);
  }
  return [...found.values()];
}
