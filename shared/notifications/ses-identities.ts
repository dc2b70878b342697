import { isConfigurableResource, RESOURCE_CONFIG_VALUES } from '../resources/configurable-resource.js';
import { isEnvVar } from '../resources/env-var.js';
import { SesEmailResource } from './ses-email-resource.js';

/** An SES identity a function may send from, and the region it is verified in (when the config names one). */
export interface SesIdentity {
  /** The address, or its domain: SES authorizes sending by either. */
  readonly identity: string;
  readonly region?: string;
}

/**
 * The SES identities the resources `keys` send from: each `SesEmailResource`'s `from` address
 * and its domain, with `EnvVar` values looked up in `env` (what synth found). The CDK app
 * grants `ses:SendEmail` on exactly these, to exactly the functions that require them.
 *
 * @example
 * sesIdentitiesOf(definitions.resources, ['email'], values); // [{ identity: 'reports@example.com' }, { identity: 'example.com' }]
 */
export function sesIdentitiesOf(
  resources: Readonly<Record<string, unknown>>,
  keys: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): SesIdentity[] {
  const found = new Map<string, SesIdentity>();
  for (const key of keys) {
    const value = resources[key];
    if (!(value instanceof SesEmailResource) || !isConfigurableResource(value)) continue;
    const config = value[RESOURCE_CONFIG_VALUES];
    const literal = (field: string): string | undefined => {
      const given = config[field];
      if (typeof given === 'string') return given;
      return isEnvVar(given) ? env[given.name] : undefined;
    };
    const from = literal('from');
    if (from === undefined) continue;
    const region = literal('region');
    const address = from.replace(/^.*<([^>]+)>\s*$/, '$1').trim();
    const domain = address.includes('@') ? address.slice(address.lastIndexOf('@') + 1) : undefined;
    for (const identity of [address, ...(domain ? [domain] : [])]) {
      found.set(`${identity}|${region ?? ''}`, { identity, ...(region ? { region } : {}) });
    }
  }
  return [...found.values()];
}
