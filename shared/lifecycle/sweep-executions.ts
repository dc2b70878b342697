import type { EventLogStore } from '../event-log/event-log-store.js';
import type { SensorLogRecord } from '../sensors/sensor-log.js';
import type { ExecutionLister } from './execution-lister.js';
import { CLOSED_EXECUTION_STATUSES, runStatusOfExecution } from './execution-status.js';
import { resumeStaleSensorClaims } from './resume-stale-sensor-claims.js';
import { type LifecycleDefinitions, handleRunFinished } from './run-finished.js';
import type { SensorClaimPolicy } from './sensor-claim-policy.js';

/** Options of {@link sweepClosedExecutions}. */
export interface SweepOptions {
  readonly definitions: LifecycleDefinitions;
  readonly store: EventLogStore;
  /** Job name → state machine ARN. */
  readonly stateMachines: Readonly<Record<string, string>>;
  readonly listExecutions: ExecutionLister;
  /** Executions that ended this many minutes before `now` or later are handled. @default 30 */
  readonly windowMinutes?: number;
  /** Longest run expected, in hours: paging stops at executions started earlier than the window minus this. @default 24 */
  readonly maxRunHours?: number;
  /** @default new Date() */
  readonly now?: Date;
  readonly sensorLog?: (record: SensorLogRecord) => void;
  /** Lease, re-fires and clock of sensor claims. @default sensorClaimPolicy() */
  readonly sensorClaims?: Partial<SensorClaimPolicy>;
}

/** What a sweep found. */
export interface SweepResult {
  /** Executions that ended within the window. */
  readonly examined: number;
  /** Of those, runs whose status this sweep recorded (the event for them was missed). */
  readonly recorded: readonly string[];
  /** Sensors this sweep fired (interrupted ones fired again included), as `runId:sensorName`. */
  readonly sensorsFired: readonly string[];
  /** Interrupted sensors this sweep gave up on and reported by an ERROR event, as `runId:sensorName`; absent when none. */
  readonly sensorsReported?: readonly string[];
}

/**
 * Catches what best-effort status events missed: lists each job's recently ended executions
 * and hands each to {@link handleRunFinished}, which does nothing for runs already recorded
 * with their sensors fired. Then finds sensor claims whose fire was interrupted, in any run
 * however long ago it ended, and fires them again or reports them ({@link resumeStaleSensorClaims}).
 *
 * @example
 * await sweepClosedExecutions({ definitions, store, stateMachines, listExecutions: sfnExecutionLister(client) });
 */
export async function sweepClosedExecutions(options: SweepOptions): Promise<SweepResult> {
  const now = options.now ?? new Date();
  const windowStart = new Date(now.getTime() - (options.windowMinutes ?? 30) * 60_000);
  const startedAfter = new Date(windowStart.getTime() - (options.maxRunHours ?? 24) * 3_600_000);
  let examined = 0;
  const recorded: string[] = [];
  const sensorsFired: string[] = [];
  for (const [jobName, stateMachineArn] of Object.entries(options.stateMachines)) {
    for await (const execution of options.listExecutions(stateMachineArn, { startedAfter })) {
      if (!CLOSED_EXECUTION_STATUSES.includes(execution.status)) continue;
      if (!execution.stopDate || execution.stopDate.getTime() < windowStart.getTime()) continue;
      const status = runStatusOfExecution(execution.status);
      if (status === undefined) continue;
      examined++;
      const result = await handleRunFinished({
        definitions: options.definitions,
        store: options.store,
        runId: execution.name,
        status,
        jobName,
        redriveCount: execution.redriveCount ?? 0,
        startTime: execution.startDate.toISOString(),
        endTime: execution.stopDate.toISOString(),
        ...(execution.status === 'TIMED_OUT'
          ? { error: { name: 'States.Timeout', message: 'the execution ran longer than its state machine timeout' } }
          : execution.status === 'FAILED'
            ? {
                error: {
                  name: 'States.Failed',
                  message:
                    'the execution failed (found by the lifecycle sweep; its error is in the Step Functions console)',
                },
              }
            : {}),
        ...(options.sensorLog ? { sensorLog: options.sensorLog } : {}),
        ...(options.sensorClaims ? { sensorClaims: options.sensorClaims } : {}),
      });
      if (result.recorded) recorded.push(execution.name);
      for (const sensor of result.sensors) if (sensor.fired) sensorsFired.push(`${execution.name}:${sensor.name}`);
    }
  }
  const sensorsReported: string[] = [];
  const resumed = await resumeStaleSensorClaims({
    definitions: options.definitions,
    store: options.store,
    ...(options.sensorClaims ? { sensorClaims: options.sensorClaims } : {}),
    ...(options.sensorLog ? { sensorLog: options.sensorLog } : {}),
  });
  for (const { runId, outcome } of resumed) {
    if (outcome.fired) sensorsFired.push(`${runId}:${outcome.name}`);
    if (outcome.reported !== undefined) sensorsReported.push(`${runId}:${outcome.name}`);
  }
  return { examined, recorded, sensorsFired, ...(sensorsReported.length > 0 ? { sensorsReported } : {}) };
}

/** The event the sweep schedule sends to the lifecycle function. */
export const SWEEP_EVENT = { stepster: 'sweep' } as const;

/** Whether `event` asks the lifecycle function to sweep. */
export function isSweepEvent(event: unknown): boolean {
  return !!event && typeof event === 'object' && (event as { stepster?: unknown }).stepster === SWEEP_EVENT.stepster;
}
