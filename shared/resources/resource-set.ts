import type { z } from 'zod';
import type { ValidationIssue } from '../errors/validation-issue.js';
import { validationIssuesFromZod } from '../errors/validation-issue.js';
import { errorMessage } from '../errors/error-message.js';
import { unknownConfigKeys } from '../errors/unknown-config-keys.js';
import { SecretReference } from '../secrets/secret-reference.js';
import {
  type ConfigurableResourceInstance,
  configSchemaOf,
  isConfigurableResource,
  RESOURCE_CONFIG_VALUES,
  withResolvedConfig,
} from './configurable-resource.js';
import { isEnvVar } from './env-var.js';
import { ResourceConfigError } from './resource-config-error.js';
import { ResourceDefinition } from './resource-definition.js';

/**
 * Where resources are set up. Locally every `EnvVar` must be set when the run starts. On AWS
 * `cdk synth` has checked them and set each only on the functions whose steps need it, so a
 * function without it (run start) skips that field.
 */
export const ResourceEnvironment = {
  LOCAL: 'local',
  DEPLOYED: 'deployed',
} as const;

export type ResourceEnvironment = (typeof ResourceEnvironment)[keyof typeof ResourceEnvironment];

/** A stand-in root for issue paths, cut off to re-root each issue where its field came from. */
const FIELD_ROOT = 'config';

/** Run config overrides of resource config: `runConfig.resources.<key>.config`. */
export type ResourceOverrides = Readonly<Record<string, { readonly config?: unknown }>>;

export interface ResourceSetOptions {
  /** Where `EnvVar` values are read. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** @default ResourceEnvironment.LOCAL */
  readonly environment?: ResourceEnvironment;
}

/** What a configurable value needs to be set up: its schema, its values, and how to build it. */
interface Provider {
  readonly schema: z.ZodType;
  readonly values: Readonly<Record<string, unknown>>;
  build(config: unknown, resourceKey: string): Promise<unknown>;
}

function providerOf(value: unknown): Provider | undefined {
  if (value instanceof ResourceDefinition) {
    return {
      schema: value.configSchema,
      values: value.configValues,
      build: async (config, resourceKey) => value.factory(config, { resourceKey }),
    };
  }
  if (isConfigurableResource(value)) {
    return {
      schema: configSchemaOf(value),
      values: value[RESOURCE_CONFIG_VALUES],
      build: async (config) => {
        const copy: ConfigurableResourceInstance = withResolvedConfig(value, config);
        await copy.setupForExecution?.();
        return copy;
      },
    };
  }
  return undefined;
}

/**
 * The resources of one Definitions in one process (one Lambda container): validates their
 * config before a run's first op, and builds each lazily, once per distinct run-config
 * override, when the first op that requires it runs. Values that are not configurable (a plain
 * object, a `secret(...)`) are handed over as they are.
 */
export class ResourceSet {
  private readonly built = new Map<string, Promise<unknown>>();
  private readonly env: Readonly<Record<string, string | undefined>>;
  private readonly environment: ResourceEnvironment;

  constructor(
    private readonly resources: Readonly<Record<string, unknown>>,
    options: ResourceSetOptions = {},
  ) {
    this.env = options.env ?? process.env;
    this.environment = options.environment ?? ResourceEnvironment.LOCAL;
  }

  /**
   * Problems with the config of `keys` and the run config's overrides, without fetching
   * secrets (only the functions that need a secret may read it): each issue names its field,
   * `resources.<key>.config.<field>`, or `runConfig.resources.<key>.config.<field>` for a
   * value the run config gave.
   */
  validate(keys: readonly string[], overrides: ResourceOverrides = {}): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    for (const key of Object.keys(overrides)) {
      if (keys.includes(key)) continue;
      issues.push({
        path: `runConfig.resources.${key}`,
        message: `no op of this job requires resource "${key}"; configurable here: ${keys.map((k) => `"${k}"`).join(', ') || 'none'}`,
      });
    }
    for (const key of keys) {
      const provider = providerOf(this.resources[key]);
      if (provider === undefined) {
        if (overrides[key] !== undefined) {
          issues.push({ path: `runConfig.resources.${key}`, message: `resource "${key}" takes no config` });
        }
        continue;
      }
      const { values, deferred, problems, fromRunConfig } = this.resolveFields(key, provider, overrides[key]);
      issues.push(...problems);
      const parsed = provider.schema.safeParse(values);
      // zod strips unknown keys silently; resource config is strict, as run config is.
      const found = parsed.success
        ? unknownConfigKeys(provider.schema, values, FIELD_ROOT)
        : validationIssuesFromZod(FIELD_ROOT, parsed.error);
      for (const issue of found) {
        const relative = issue.path.slice(FIELD_ROOT.length + 1);
        const field = relative.split(/[.[]/)[0] ?? '';
        if (deferred.has(field)) continue;
        // A rule over the whole config (a refine) may depend on a deferred field, so it is
        // judged at set-up, which parses every resolved field (nothing is skipped for good).
        if (field === '' && deferred.size > 0) continue;
        const root = fromRunConfig.has(field) ? `runConfig.resources.${key}.config` : `resources.${key}.config`;
        issues.push({ path: relative ? `${root}.${relative}` : root, message: issue.message });
      }
    }
    return issues;
  }

  /**
   * The set-up resources of `keys`: each built once per container and override, then reused.
   * A resource that fails to set up is not cached, so the next attempt tries again.
   */
  async forKeys(keys: readonly string[], overrides: ResourceOverrides = {}): Promise<Record<string, unknown>> {
    const entries = await Promise.all(
      keys.map(async (key) => [key, await this.setUp(key, overrides[key]?.config)] as const),
    );
    return Object.fromEntries(entries);
  }

  private setUp(key: string, override: unknown): Promise<unknown> {
    const value = this.resources[key];
    const provider = providerOf(value);
    if (provider === undefined) return Promise.resolve(value);
    const cacheKey = `${key}\u0000${JSON.stringify(override ?? null)}`;
    let pending = this.built.get(cacheKey);
    if (pending === undefined) {
      pending = this.build(key, provider, override);
      this.built.set(cacheKey, pending);
      pending.catch(() => this.built.delete(cacheKey));
    }
    return pending;
  }

  private async build(key: string, provider: Provider, override: unknown): Promise<unknown> {
    const { values, problems, fromRunConfig } = this.resolveFields(key, provider, { config: override });
    if (problems.length > 0) throw new ResourceConfigError(problems);
    const resolved: Record<string, unknown> = { ...values };
    for (const [field, given] of Object.entries(this.mergedValues(provider, override))) {
      if (!(given instanceof SecretReference)) continue;
      try {
        resolved[field] = await given.value();
      } catch (error) {
        throw new ResourceConfigError(
          [
            {
              path: `resources.${key}.config.${field}`,
              message: `secret "${given.secretName}": ${errorMessage(error)}`,
            },
          ],
          { cause: error },
        );
      }
    }
    const parsed = provider.schema.safeParse(resolved);
    if (!parsed.success) {
      throw new ResourceConfigError(
        validationIssuesFromZod(FIELD_ROOT, parsed.error).map((issue) => {
          const relative = issue.path.slice(FIELD_ROOT.length + 1);
          const field = relative.split(/[.[]/)[0] ?? '';
          const root = fromRunConfig.has(field) ? `runConfig.resources.${key}.config` : `resources.${key}.config`;
          return { path: relative ? `${root}.${relative}` : root, message: issue.message };
        }),
        { cause: parsed.error },
      );
    }
    try {
      return await provider.build(parsed.data, key);
    } catch (error) {
      throw new ResourceConfigError(
        [{ path: `resources.${key}`, message: `setting up failed: ${errorMessage(error)}` }],
        {
          cause: error,
        },
      );
    }
  }

  private mergedValues(provider: Provider, override: unknown): Record<string, unknown> {
    const fromRunConfig = override && typeof override === 'object' ? (override as Record<string, unknown>) : {};
    return { ...provider.values, ...fromRunConfig };
  }

  /** Literal and environment values of the fields; secrets (and, deployed, unset variables) deferred. */
  private resolveFields(key: string, provider: Provider, override: { readonly config?: unknown } | undefined) {
    const merged = this.mergedValues(provider, override?.config);
    const fromRunConfig = new Set(
      override?.config && typeof override.config === 'object' ? Object.keys(override.config) : [],
    );
    const values: Record<string, unknown> = {};
    const deferred = new Set<string>();
    const problems: ValidationIssue[] = [];
    for (const [field, given] of Object.entries(merged)) {
      if (given instanceof SecretReference) {
        deferred.add(field);
      } else if (isEnvVar(given)) {
        const value = this.env[given.name];
        if (value !== undefined) values[field] = value;
        else if (this.environment === ResourceEnvironment.DEPLOYED) deferred.add(field);
        else {
          problems.push({
            path: `resources.${key}.config.${field}`,
            message: `environment variable ${given.name} is not set: export it (or pass runConfig.resources.${key}.config.${field})`,
          });
          deferred.add(field);
        }
      } else {
        values[field] = given;
      }
    }
    return { values, deferred, problems, fromRunConfig };
  }
}
