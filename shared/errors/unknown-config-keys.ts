import type { z } from 'zod';

/** The parts of a zod schema's definition the walk reads (zod 4 keeps them on `_zod.def`). */
interface SchemaDef {
  readonly type: string;
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  readonly catchall?: z.ZodType;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly element?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly getter?: () => z.ZodType;
}

/** One key of a config value that its schema does not declare. */
export interface UnknownConfigKey {
  readonly path: string;
  readonly message: string;
}

/** Wrappers whose value is checked by their inner schema. */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

function defOf(schema: z.ZodType): SchemaDef {
  return (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The keys of `value`, at any depth, that its schema does not declare. zod's `z.object` strips
 * unknown keys silently, so a misspelled key (`dat` for `date`) would reach the op as a missing
 * one with its default; run config is strict instead, as Dagster's is. A schema opts out where
 * it declares extra keys welcome: `z.looseObject(...)` or `.passthrough()` (a catch-all).
 *
 * @example
 * unknownConfigKeys(z.object({ date: z.string() }), { date: '2026-11-01', dat: 'x' }, 'runConfig.ops.load.config');
 * // [{ path: 'runConfig.ops.load.config.dat', message: 'unknown field; ...' }]
 */
export function unknownConfigKeys(schema: z.ZodType, value: unknown, path: string): UnknownConfigKey[] {
  const def = defOf(schema);
  if (WRAPPERS.has(def.type) && def.innerType) return unknownConfigKeys(def.innerType, value, path);
  switch (def.type) {
    case 'pipe':
      return def.in ? unknownConfigKeys(def.in, value, path) : [];
    case 'lazy':
      return def.getter ? unknownConfigKeys(def.getter(), value, path) : [];
    case 'array':
      return Array.isArray(value) && def.element
        ? value.flatMap((item, index) => unknownConfigKeys(def.element as z.ZodType, item, `${path}[${index}]`))
        : [];
    case 'record':
      return isPlainObject(value) && def.valueType
        ? Object.entries(value).flatMap(([key, item]) =>
            unknownConfigKeys(def.valueType as z.ZodType, item, `${path}.${key}`),
          )
        : [];
    case 'union': {
      // The option the value satisfies decides which keys it may have.
      const option = def.options?.find((candidate) => candidate.safeParse(value).success);
      return option ? unknownConfigKeys(option, value, path) : [];
    }
    case 'object':
      return objectKeys(def, value, path);
    default:
      return [];
  }
}

function objectKeys(def: SchemaDef, value: unknown, path: string): UnknownConfigKey[] {
  if (!isPlainObject(value)) return [];
  const shape = def.shape ?? {};
  const issues: UnknownConfigKey[] = [];
  for (const [key, item] of Object.entries(value)) {
    const field = shape[key];
    if (field) issues.push(...unknownConfigKeys(field, item, `${path}.${key}`));
    else if (def.catchall === undefined) {
      const known = Object.keys(shape);
      issues.push({
        path: `${path}.${key}`,
        message: `unknown field; ${known.length > 0 ? `the config takes ${known.map((k) => `"${k}"`).join(', ')}` : 'the config takes no fields'}. Remove it or fix its spelling (declare the schema with z.looseObject(...) to allow extra keys)`,
      });
    }
  }
  return issues;
}
