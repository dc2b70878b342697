import { DefinitionError } from '../errors/definition-error.js';
import { RunConfigError } from '../errors/run-config-error.js';

/** Tags stepster sets itself; users may not set tags under this prefix. */
export const SYSTEM_TAG_PREFIX = 'stepster/';

export const SystemTag = {
  SCHEDULE_NAME: 'stepster/schedule_name',
  SENSOR_NAME: 'stepster/sensor_name',
  PARENT_RUN_ID: 'stepster/parent_run_id',
  ROOT_RUN_ID: 'stepster/root_run_id',
  OP_SELECTION: 'stepster/op_selection',
  /** The partition key of a run: run start sets it from the validated `partitionKey` input. */
  PARTITION: 'stepster/partition',
  /** The backfill a run belongs to (`backfill(job, ...)`, `stepster backfill`). */
  BACKFILL: 'stepster/backfill',
} as const;

/**
 * Normalises user tags as Dagster does (values are strings; JSON values are serialised)
 * and rejects the reserved prefix. `where` names the source in errors.
 */
export function normalizeTags(
  tags: unknown,
  where: { kind: 'definition' | 'run'; path: string; subject?: string },
): Record<string, string> {
  const fail = (path: string, message: string): never => {
    if (where.kind === 'definition')
      throw new DefinitionError(`${path}: ${message}`, { subject: where.subject ?? path });
    throw new RunConfigError([{ path, message }]);
  };
  if (tags === undefined || tags === null) return {};
  if (typeof tags !== 'object' || Array.isArray(tags)) {
    return fail(where.path, 'tags must be an object of string keys to string values, e.g. { "team": "data" }');
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags)) {
    const path = `${where.path}.${key}`;
    if (key.startsWith(SYSTEM_TAG_PREFIX)) {
      fail(
        path,
        `the "${SYSTEM_TAG_PREFIX}" prefix is reserved for tags stepster sets itself; rename the tag (e.g. "${key.slice(SYSTEM_TAG_PREFIX.length)}")`,
      );
    }
    if (key.length === 0) fail(path, 'tag keys must not be empty');
    if (typeof value === 'string') out[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') out[key] = String(value);
    else if (value !== undefined && typeof value === 'object') {
      try {
        out[key] = JSON.stringify(value);
      } catch {
        fail(path, 'tag values must be strings or JSON-serialisable values');
      }
    } else fail(path, `tag values must be strings, got ${typeof value}`);
  }
  return out;
}
