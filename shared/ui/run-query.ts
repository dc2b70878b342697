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
 * Runs newest first, filtered by job, status and tags: the store's `getRuns` filter, the same
 * one `stepster runs --tag` uses.
 *
 * @example
 * await queryRuns(instance, { jobName: 'sales_job', tags: { team: 'data' }, limit: 20 });
 */
export function queryRuns(instance: EventLogInstance, query: RunQuery): Promise<RunRecord[]> {
  return instance.getRuns({
    ...(query.jobName !== undefined ? { jobName: query.jobName } : {}),
    ...(query.statuses !== undefined && query.statuses.length > 0 ? { status: query.statuses } : {}),
    ...(query.tags !== undefined && Object.keys(query.tags).length > 0 ? { tags: query.tags } : {}),
    limit: query.limit ?? DEFAULT_RUNS_LIMIT,
  });
}
