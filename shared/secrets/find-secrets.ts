import { SecretReference } from './secret-reference.js';

/**
 * The secrets among a Definitions' resources (searched through nested objects and arrays,
 * six levels deep, e.g. a resource object holding a `secret(...)` field),
 * so the CDK app can grant read access to exactly those.
 *
 * @example
 * findSecrets(definitions.resources).map((s) => s.secretName); // ['prod/smtp']
 */
export function findSecrets(resources: unknown): SecretReference[] {
  const found = new Map<string, SecretReference>();
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): void => {
    if (value === null || typeof value !== 'object' || seen.has(value) || depth > 6) return;
    seen.add(value);
    if (value instanceof SecretReference || (value as { kind?: unknown }).kind === 'secret') {
      const ref = value as SecretReference;
      if (typeof ref.secretName === 'string') found.set(ref.secretName, ref);
      return;
    }
    for (const child of Array.isArray(value) ? value : Object.values(value)) visit(child, depth + 1);
  };
  visit(resources, 0);
  return [...found.values()];
}
