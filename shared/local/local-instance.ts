import { join } from 'node:path';
import { EventLogStore } from '../event-log/event-log-store.js';
import type { LifecycleDefinitions } from '../lifecycle/run-finished.js';
import { ensureTable } from '../local-dynamo/ensure-table.js';
import { type LocalDynamoFailover, startLocalDynamo } from '../local-dynamo/start-local-dynamo.js';
import type { SensorLogRecord } from '../sensors/sensor-log.js';
import { type AbandonedRun, recoverAbandonedRuns } from './recover-abandoned-runs.js';
import { type RunLease, runLeaseDirectory, takeRunLease } from './run-lease.js';

/** The local event log: an embedded DynamoDB-compatible server (dynalite) and the store over it. */
export interface LocalInstance {
  readonly store: EventLogStore;
  /** The store's endpoint in use now (it changes when this process fails over to another server). */
  readonly endpoint: string;
  /** Runs whose process had exited without finishing them, ended (RUN_FAILURE) when this instance opened. */
  readonly abandonedRuns: readonly AbandonedRun[];
  /**
   * Records that this process runs `runId`, so that if the process dies mid-run, the next process
   * that opens the store ends the run. Take it before the run starts; release it once the run's
   * end is recorded. A no-op in memory (such a store dies with its process).
   */
  leaseRun(runId: string, jobName: string): RunLease;
  close(): Promise<void>;
}

/** Options of {@link openLocalInstance}. */
export interface OpenLocalInstanceOptions {
  /** LevelDB directory of the store. @default '<cwd>/.stepster/dynamodb' */
  readonly dir?: string;
  /** Keep the store in this process's memory only; `dir` is ignored. @default false */
  readonly inMemory?: boolean;
  /**
   * False: the store's server does not keep the process alive, so a script that never calls
   * close() exits once its work is done.
   * @default true
   */
  readonly keepProcessAlive?: boolean;
  /**
   * The Definitions whose run-status sensors fire for a run found abandoned (see
   * {@link LocalInstance.abandonedRuns}); loaded only when there is one.
   * @default no sensors fire
   */
  readonly definitions?: () => Promise<LifecycleDefinitions>;
  /** Where those sensors' `context.log` goes. @default one JSON line per record on the console */
  readonly sensorLog?: (record: SensorLogRecord) => void;
  /** Called when this process fails over to another server of the store. @default none */
  readonly onFailover?: (failover: LocalDynamoFailover) => void;
}

export const LOCAL_TABLE_NAME = 'stepster-events';

const NO_LEASE = (runId: string): RunLease => ({ runId, release: () => undefined });

/**
 * Opens the local instance. With `dir` (default `.stepster/dynamodb` under the working
 * directory) runs persist, so `stepster runs` sees them after the process exits; a second
 * process shares the first one's server (and serves the store itself if that one goes away),
 * and opening ends the runs whose process died mid-run.
 *
 * @example
 * const local = await openLocalInstance();
 * try {
 *   console.log(await local.store.getRuns({ limit: 5 }));
 * } finally {
 *   await local.close();
 * }
 */
export async function openLocalInstance(options: OpenLocalInstanceOptions = {}): Promise<LocalInstance> {
  const keepProcessAlive = options.keepProcessAlive ?? true;
  const dynamo = await startLocalDynamo(
    options.inMemory
      ? { inMemory: true, keepProcessAlive }
      : // A second CLI process (e.g. `stepster runs` during a run) shares the first one's server.
        {
          dir: options.dir ?? join(process.cwd(), '.stepster', 'dynamodb'),
          ifLocked: 'connect',
          keepProcessAlive,
          ...(options.onFailover ? { onFailover: options.onFailover } : {}),
        },
  );
  try {
    await ensureTable(dynamo.client, LOCAL_TABLE_NAME);
    const store = new EventLogStore({ client: dynamo.client, tableName: LOCAL_TABLE_NAME });
    const leaseDir = dynamo.dir === undefined ? undefined : runLeaseDirectory(dynamo.dir);
    const abandonedRuns =
      leaseDir === undefined
        ? []
        : await recoverAbandonedRuns({
            store,
            leaseDir,
            ...(options.definitions ? { definitions: options.definitions } : {}),
            ...(options.sensorLog ? { sensorLog: options.sensorLog } : {}),
          });
    return {
      store,
      get endpoint() {
        return dynamo.endpoint;
      },
      abandonedRuns,
      leaseRun: (runId, jobName) => (leaseDir === undefined ? NO_LEASE(runId) : takeRunLease(leaseDir, runId, jobName)),
      close: () => dynamo.close(),
    };
  } catch (error) {
    await dynamo.close();
    throw error;
  }
}

let shared: Promise<LocalInstance> | undefined;

/**
 * One in-memory instance per process, for executeInProcess and tests. It never keeps the
 * process alive: a script that runs a job and returns exits without closing it.
 */
export function sharedInMemoryInstance(): Promise<LocalInstance> {
  shared ??= openLocalInstance({ inMemory: true, keepProcessAlive: false });
  return shared;
}
