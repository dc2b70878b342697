import type { EventLogInstance } from '../event-log/event-log-instance.js';
import type { RunRecord, RunStatus } from '../event-log/run-record.js';

/** What the runs list asks for: `GET /api/runs?job=&status=&tag=k=v&limit=`. */
export interface RunQuery {
  readonly jobName?: string;
  /** Any of these statuses. @default any status */
  readonly statuses?: readonly RunStatus[];
  /** Every tag must match. @default no tag filter */
  readonly tags?: Readonly<Record<string, string>>;
  /** @default 100 */
  readonly limit?: number;
}

/** The most runs one answer holds when the request names no limit. */
export const DEFAULT_RUNS_LIMIT = 100;

/**
 * Runs newest first, filtered by job, status and tags. The store filters job and status;
 * tags are filtered here, before the limit is applied, until the store's `getRuns` takes
 * them (then this one function passes `tags` on and drops the filter).
 *
 * @example
 * await queryRuns(instance, { jobName: 'sales_job', tags: { team: 'data' }, limit: 20 });
 */
export async function queryRuns(instance: EventLogInstance, query: RunQuery): Promise<RunRecord[]> {
  const limit = query.limit ?? DEFAULT_RUNS_LIMIT;
  const tags = Object.entries(query.tags ?? {});
  const runs = await instance.getRuns({
    ...(query.jobName !== undefined ? { jobName: query.jobName } : {}),
    ...(query.statuses !== undefined && query.statuses.length > 0 ? { status: query.statuses } : {}),
    // With a tag filter the store cannot know how many runs to read for `limit` matches.
    ...(tags.length === 0 ? { limit } : {}),
  });
  if (tags.length === 0) return runs;
  return runs.filter((run) => tags.every(([key, value]) => run.tags[key] === value)).slice(0, limit);
}
