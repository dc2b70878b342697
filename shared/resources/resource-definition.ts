import type { z } from 'zod';
import type { ConfigValues } from './config-values.js';

/** What a resource factory gets besides its config. */
export interface InitResourceContext {
  /** The resource's key in `Definitions({ resources })`. */
  readonly resourceKey: string;
}

/** A resource built by a factory from validated config; see {@link resource}. */
export class ResourceDefinition<S extends z.ZodType = z.ZodType, R = unknown> {
  readonly kind = 'resource-definition' as const;

  constructor(
    readonly configSchema: S,
    readonly factory: (config: z.output<S>, context: InitResourceContext) => R | Promise<R>,
    readonly configValues: Readonly<Record<string, unknown>> = {},
    readonly description?: string,
  ) {}

  /**
   * This resource with config values (literals, `EnvVar`, `secret`), as Dagster's `.configured`.
   *
   * @example
   * const warehouse = warehouseResource.configured({ host: EnvVar('PGHOST') });
   */
  configured(values: ConfigValues<z.input<S>>): ResourceDefinition<S, R> {
    return new ResourceDefinition(
      this.configSchema,
      this.factory,
      Object.freeze({ ...(values as Record<string, unknown>) }),
      this.description,
    );
  }
}

/**
 * Defines a resource built by `factory` from its validated config, like Dagster's `@resource`.
 * Give values with `.configured({...})`; run config may override them
 * (`runConfig.resources.<key>.config`). Built lazily, once per Lambda container and config.
 *
 * @example
 * const warehouse = resource({ config: z.object({ url: z.string().url() }) }, (config) => new Pool(config.url));
 * new Definitions({ jobs, resources: { warehouse: warehouse.configured({ url: EnvVar('WAREHOUSE_URL') }) } });
 */
export function resource<S extends z.ZodType, R>(
  options: { readonly config: S; readonly description?: string },
  factory: (config: z.output<S>, context: InitResourceContext) => R | Promise<R>,
): ResourceDefinition<S, R> {
  return new ResourceDefinition(options.config, factory, {}, options.description);
}
