import { EventLogError } from './event-log-error.js';
import { readOptionalString, readString, readStringMap, type TableItem } from './item-attributes.js';
import { isRunStatus, type RunRecord } from './run-record.js';
import { sortableTimestamp } from './sortable-timestamp.js';
import { TableKeys } from './table-keys.js';

/** Sort key of a run in the job and status indexes: newest first when read descending. */
export function runIndexSortKey(startTime: string, runId: string): string {
  return `${sortableTimestamp(startTime)}#${runId}`;
}

/** Encodes the run item, with its keys in the byJob and byStatus indexes. */
export function runToItem(run: RunRecord): TableItem {
  if (run.jobName.length === 0) throw new EventLogError(`run '${run.runId}' has an empty jobName: pass the job's name`);
  const indexSort = runIndexSortKey(run.startTime, run.runId);
  const tags: TableItem = {};
  for (const [key, value] of Object.entries(run.tags)) tags[key] = { S: value };
  const item: TableItem = {
    pk: { S: TableKeys.runPartition(run.runId) },
    sk: { S: TableKeys.RUN_SORT_KEY },
    runId: { S: run.runId },
    jobName: { S: run.jobName },
    status: { S: run.status },
    tags: { M: tags },
    startTime: { S: run.startTime },
    gsi1pk: { S: TableKeys.jobPartition(run.jobName) },
    gsi1sk: { S: indexSort },
    gsi2pk: { S: TableKeys.statusPartition(run.status) },
    gsi2sk: { S: indexSort },
  };
  if (run.endTime !== undefined) item.endTime = { S: run.endTime };
  if (run.parentRunId !== undefined) item.parentRunId = { S: run.parentRunId };
  if (run.rootRunId !== undefined) item.rootRunId = { S: run.rootRunId };
  return item;
}

/** Decodes a run item written by {@link runToItem} (and updated by finishRun/resumeRun). */
export function itemToRun(item: TableItem): RunRecord {
  const status = readString(item, 'status');
  if (!isRunStatus(status)) {
    throw new EventLogError(`run item ${readString(item, 'pk')} has unknown status '${status}'`);
  }
  const endTime = readOptionalString(item, 'endTime');
  const parentRunId = readOptionalString(item, 'parentRunId');
  const rootRunId = readOptionalString(item, 'rootRunId');
  return {
    runId: readString(item, 'runId'),
    jobName: readString(item, 'jobName'),
    status,
    tags: readStringMap(item, 'tags'),
    startTime: readString(item, 'startTime'),
    ...(endTime !== undefined ? { endTime } : {}),
    ...(parentRunId !== undefined ? { parentRunId } : {}),
    ...(rootRunId !== undefined ? { rootRunId } : {}),
  };
}
