import type { SecretReference } from '../secrets/secret-reference.js';
import type { EnvVarReference } from './env-var.js';

/** One config field as given in code: the value itself, an `EnvVar('NAME')` or a `secret(...)`. */
export type ConfigValue<T> = T | EnvVarReference | SecretReference;

/**
 * A resource's config as given in code: each top-level field may be a literal, an `EnvVar` or a
 * `secret`. Only top-level fields are looked up, so a nested object is taken as it is.
 */
export type ConfigValues<T> = { readonly [K in keyof T]: ConfigValue<T[K]> };
