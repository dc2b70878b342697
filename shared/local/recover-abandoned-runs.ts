import { errorMessage } from '../errors/error-message.js';
import type { EventLogStore } from '../event-log/event-log-store.js';
import { isTerminalRunStatus } from '../event-log/run-record.js';
import { handleRunFinished, type LifecycleDefinitions } from '../lifecycle/run-finished.js';
import type { SensorLogRecord } from '../sensors/sensor-log.js';
import { type LocalProcess, presenceOf } from './local-process.js';
import { dropRunLease, readRunLeases } from './run-lease.js';

/**
 * The error name a recovered run's RUN_FAILURE carries. A bare name: it never crosses the
 * Step Functions boundary (no state machine ran the end).
 */
export const LOCAL_PROCESS_EXITED_ERROR = 'LocalProcessExited';

/** A run whose process exited without finishing it, and what recovery did. */
export interface AbandonedRun {
  readonly runId: string;
  readonly jobName: string;
  /** The process that ran it. */
  readonly process: LocalProcess;
  /** True when this call recorded its RUN_FAILURE (false when another process was first). */
  readonly recorded: boolean;
  /** Why the sensors watching the run were not fired (the Definitions could not be loaded). */
  readonly sensorsNotFired?: string;
}

/** Options of {@link recoverAbandonedRuns}. */
export interface RecoverAbandonedRunsOptions {
  readonly store: EventLogStore;
  /** The store's run lease directory (`runLeaseDirectory(dir)`). */
  readonly leaseDir: string;
  /**
   * The Definitions whose run-status sensors watch the recovered runs; called only when a run is
   * recovered. When absent or when it throws, the run's end is still recorded, without sensors.
   * @default no sensors
   */
  readonly definitions?: () => Promise<LifecycleDefinitions>;
  /** Where fired sensors' `context.log` goes. @default one JSON line per record on the console */
  readonly sensorLog?: (record: SensorLogRecord) => void;
}

const NO_SENSORS: LifecycleDefinitions = { jobs: [], sensors: [], resources: {} };

/**
 * Ends the local runs whose process is gone: the local counterpart of the lifecycle sweep. For
 * each run lease whose process exited (a SIGKILL, a crash, a closed terminal) it records
 * RUN_FAILURE naming that process, through {@link handleRunFinished} as the sweep does (so the
 * run-failure sensors fire once), then drops the lease. Runs of live processes, and of processes
 * on another host (a store on a shared disk), are left alone. Safe to run from several processes
 * at once: the run's end and each sensor are recorded once.
 *
 * @example
 * const abandoned = await recoverAbandonedRuns({ store, leaseDir: runLeaseDirectory(dir) });
 * for (const run of abandoned) console.error(`run ${run.runId}: its process exited; recorded as failed`);
 */
export async function recoverAbandonedRuns(options: RecoverAbandonedRunsOptions): Promise<AbandonedRun[]> {
  const abandoned: AbandonedRun[] = [];
  let definitions: Promise<{ definitions: LifecycleDefinitions; sensorsNotFired?: string }> | undefined;
  for (const lease of readRunLeases(options.leaseDir)) {
    if (presenceOf(lease.process) !== 'exited') continue;
    const run = await options.store.getRun(lease.runId);
    if (run !== undefined && isTerminalRunStatus(run.status)) {
      // The process recorded the end and died before dropping its lease.
      dropRunLease(options.leaseDir, lease.runId);
      continue;
    }
    definitions ??= loadDefinitions(options.definitions);
    const loaded = await definitions;
    const { pid, host } = lease.process;
    const result = await handleRunFinished({
      definitions: loaded.definitions,
      store: options.store,
      runId: lease.runId,
      status: 'FAILURE',
      jobName: lease.jobName,
      startTime: lease.since,
      error: {
        name: LOCAL_PROCESS_EXITED_ERROR,
        message:
          `the process that ran it (pid ${pid} on host ${host}) exited without finishing it; ` +
          `process ${process.pid} recorded this end when it opened the local store`,
      },
      ...(options.sensorLog ? { sensorLog: options.sensorLog } : {}),
    });
    dropRunLease(options.leaseDir, lease.runId);
    abandoned.push({
      runId: lease.runId,
      jobName: result.jobName,
      process: lease.process,
      recorded: result.recorded,
      ...(loaded.sensorsNotFired !== undefined ? { sensorsNotFired: loaded.sensorsNotFired } : {}),
    });
  }
  return abandoned;
}

async function loadDefinitions(
  load: (() => Promise<LifecycleDefinitions>) | undefined,
): Promise<{ definitions: LifecycleDefinitions; sensorsNotFired?: string }> {
  if (load === undefined) return { definitions: NO_SENSORS, sensorsNotFired: 'no Definitions were given' };
  try {
    return { definitions: await load() };
  } catch (error) {
    return { definitions: NO_SENSORS, sensorsNotFired: `the Definitions could not be loaded: ${errorMessage(error)}` };
  }
}
