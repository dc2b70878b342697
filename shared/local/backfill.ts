import { randomUUID } from 'node:crypto';
import type { Definitions } from '../definitions/definitions.js';
import type { JobDefinition } from '../definitions/job-definition.js';
import type { RunConfig } from '../definitions/run-config.js';
import { SystemTag } from '../definitions/run-tags.js';
import { errorMessage } from '../errors/error-message.js';
import type { EventLogStore } from '../event-log/event-log-store.js';
import { EventType } from '../events/event-type.js';
import { BackfillError } from './backfill-error.js';
import { type BackfillSelection, backfillKeys } from './backfill-keys.js';
import { executeLocally } from './execute-in-process.js';
import { sharedInMemoryInstance } from './local-instance.js';

/** How one partition's run of a backfill ended. */
export interface BackfillRun {
  readonly partitionKey: string;
  readonly runId: string;
  readonly status: 'SUCCESS' | 'FAILURE';
  /** Why the run failed: the first failure's message. */
  readonly error?: string;
}

/** What {@link backfill} returns. */
export interface BackfillResult {
  readonly backfillId: string;
  /** True when every partition's run succeeded. */
  readonly success: boolean;
  /** One run per partition, in partition order. */
  readonly runs: readonly BackfillRun[];
  /** The store the runs were recorded in. */
  readonly instance: EventLogStore;
}

/** Options of {@link backfill}: the partitions (a range or a list) and how to run them. */
export type BackfillOptions = BackfillSelection & {
  /**
   * How many partitions run at once.
   * @default 4
   */
  readonly maxConcurrent?: number;
  /** @default a process-wide in-memory instance */
  readonly instance?: EventLogStore;
  /** Run config of every run. */
  readonly runConfig?: RunConfig;
  /** Tags of every run (beside `stepster/partition` and `stepster/backfill`). */
  readonly tags?: Record<string, string>;
  readonly definitions?: Definitions;
  readonly resources?: Record<string, unknown>;
  /** @default a new id (8 characters) */
  readonly backfillId?: string;
  /** Called as each run ends, in the order they end (progress reports, sensors). */
  readonly onRunDone?: (run: BackfillRun) => void | Promise<void>;
};

const DEFAULT_MAX_CONCURRENT = 4;

/**
 * Backfills a partitioned job locally (Dagster's backfill): one run per partition through the
 * compiled state machine, at most `maxConcurrent` at a time, each tagged `stepster/partition`
 * and `stepster/backfill=<backfillId>` and named `<backfillId>-<index>`. A failed partition does
 * not stop the others. The keys are all checked before the first run starts.
 *
 * @example
 * const result = await backfill(dailySales, { from: '2026-11-01', to: '2026-11-05', maxConcurrent: 2 });
 * if (!result.success) console.log(result.runs.filter((r) => r.status === 'FAILURE'));
 */
export async function backfill(job: JobDefinition, options: BackfillOptions): Promise<BackfillResult> {
  const keys = backfillKeys(job, options);
  const maxConcurrent = options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT;
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) {
    throw new BackfillError(
      `backfill maxConcurrent must be a whole number of runs of at least 1, got ${maxConcurrent}.`,
    );
  }
  const backfillId = options.backfillId ?? randomUUID().slice(0, 8);
  const store = options.instance ?? (await sharedInMemoryInstance()).store;
  const runs: BackfillRun[] = new Array(keys.length);
  let next = 0;
  // Workers pull the next key as they finish: never more than maxConcurrent runs in flight.
  const worker = async (): Promise<void> => {
    while (next < keys.length) {
      const index = next++;
      const partitionKey = keys[index] ?? '';
      const run = await runPartition(job, options, store, backfillId, index, partitionKey);
      runs[index] = run;
      await options.onRunDone?.(run);
    }
  };
  await Promise.all(Array.from({ length: Math.min(maxConcurrent, keys.length) }, worker));
  return { backfillId, success: runs.every((r) => r.status === 'SUCCESS'), runs, instance: store };
}

async function runPartition(
  job: JobDefinition,
  options: BackfillOptions,
  store: EventLogStore,
  backfillId: string,
  index: number,
  partitionKey: string,
): Promise<BackfillRun> {
  const runId = `${backfillId}-${index}`;
  try {
    const result = await executeLocally(job, {
      instance: store,
      runId,
      partitionKey,
      raiseOnError: false,
      systemTags: { [SystemTag.BACKFILL]: backfillId },
      ...(options.runConfig ? { runConfig: options.runConfig } : {}),
      ...(options.tags ? { tags: options.tags } : {}),
      ...(options.definitions ? { definitions: options.definitions } : {}),
      ...(options.resources ? { resources: options.resources } : {}),
    });
    if (result.success) return { partitionKey, runId, status: 'SUCCESS' };
    const failure = result.events.find(
      (e) => e.eventType === EventType.STEP_FAILURE || e.eventType === EventType.RUN_FAILURE,
    );
    return { partitionKey, runId, status: 'FAILURE', error: failure?.message ?? 'the run failed' };
  } catch (error) {
    // One partition's crash (the store, a bundle) must not stop its siblings: report it as its failure.
    return { partitionKey, runId, status: 'FAILURE', error: errorMessage(error) };
  }
}
