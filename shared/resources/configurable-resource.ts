import type { z } from 'zod';
import type { ConfigValues } from './config-values.js';
import { ResourceConfigError } from './resource-config-error.js';

/** Where a configurable resource keeps its config as given, and once set up, as validated. */
export const RESOURCE_CONFIG_VALUES = Symbol.for('stepster.resource.configValues');
const RESOLVED_CONFIG = Symbol.for('stepster.resource.config');

/** What every {@link ConfigurableResource} class has, whatever its schema. */
export interface ConfigurableResourceInstance {
  readonly [RESOURCE_CONFIG_VALUES]: Readonly<Record<string, unknown>>;
  /** Called once on the set-up copy, before the first op that requires it runs (open a client, ...). */
  setupForExecution?(): void | Promise<void>;
}

/** The class side: the schema the config is validated with. */
export interface ConfigurableResourceClass {
  readonly configSchema: z.ZodType;
}

/**
 * The base class of a configurable resource, like Dagster's `ConfigurableResource`: subclass
 * it with the zod schema of its config, give the values (literals, `EnvVar`, `secret`) when you
 * construct it in `Definitions({ resources })`, and read the validated config as `this.config`
 * in its methods. stepster validates the config before any op runs (naming the resource and the
 * field) and hands each op a set-up copy, built once per Lambda container; the instance you
 * constructed is never mutated.
 *
 * @example
 * class WarehouseResource extends ConfigurableResource(z.object({ host: z.string(), port: z.number().default(5432) })) {
 *   url(): string { return `postgres://${this.config.host}:${this.config.port}`; }
 * }
 * new Definitions({ jobs, resources: { warehouse: new WarehouseResource({ host: EnvVar('PGHOST') }) } });
 */
export function ConfigurableResource<S extends z.ZodObject>(schema: S) {
  abstract class Configurable implements ConfigurableResourceInstance {
    static readonly configSchema: S = schema;
    readonly [RESOURCE_CONFIG_VALUES]: Readonly<Record<string, unknown>>;
    declare readonly [RESOLVED_CONFIG]?: z.output<S>;

    constructor(values: ConfigValues<z.input<S>>) {
      this[RESOURCE_CONFIG_VALUES] = Object.freeze({ ...(values as Record<string, unknown>) });
    }

    /** The validated config; only on the copy stepster sets up for a run. */
    get config(): z.output<S> {
      const config = this[RESOLVED_CONFIG];
      if (config === undefined) {
        throw new ResourceConfigError([
          {
            path: this.constructor.name,
            message:
              'config is read before the resource was set up: declare the resource in Definitions({ resources }) and its key in requiredResourceKeys, and read it from context.resources',
          },
        ]);
      }
      return config;
    }
  }
  return Configurable;
}

/** Whether `value` is an instance of a {@link ConfigurableResource} class. */
export function isConfigurableResource(value: unknown): value is ConfigurableResourceInstance {
  return typeof value === 'object' && value !== null && RESOURCE_CONFIG_VALUES in value;
}

/** The schema of a configurable resource instance's class. */
export function configSchemaOf(resource: ConfigurableResourceInstance): z.ZodType {
  return (resource.constructor as unknown as ConfigurableResourceClass).configSchema;
}

/**
 * A copy of `resource` holding `config` (already validated): its class, its fields, and
 * `this.config`. The original stays unset, so one Definitions can serve many runs.
 */
export function withResolvedConfig<R extends ConfigurableResourceInstance>(resource: R, config: unknown): R {
  const copy = Object.create(Object.getPrototypeOf(resource) as object) as R;
  Object.assign(copy, resource);
  Object.defineProperty(copy, RESOLVED_CONFIG, { value: Object.freeze(config), enumerable: false });
  return copy;
}
