import { errorMessage } from '../errors/error-message.js';
import type { EventEntry } from '../event-log/event-entry.js';
import { EventType } from '../events/event-type.js';
import type { JobDefinition } from '../definitions/job-definition.js';
import type { OpLog } from '../definitions/op-log.js';
import { createLogManager } from '../loggers/log-manager.js';
import type { LoggerDefinition } from '../loggers/logger-definition.js';
import { LogLevel } from '../loggers/log-level.js';
import type { JournalEntry } from './op-journal.js';
import type { RunTaskInput } from './task-payloads.js';

/** Step events the loggers hear about, as Dagster's console shows them: what ended or retried an attempt. */
const LOGGED_EVENT_TYPES: ReadonlySet<string> = new Set([EventType.STEP_FAILURE, EventType.STEP_UP_FOR_RETRY]);

/**
 * The `context.log` of one op attempt: every record goes to the run's loggers; records at
 * or above the run's level (the lowest level any of its loggers takes) also go into the
 * event log, through the attempt's journal. `logEvents` tells the loggers, after the attempt
 * is concluded, about its failure or retry (with the error's stack and the Failure's metadata).
 */
export async function openStepLog(
  deps: { job: JobDefinition; loggerDefs: Readonly<Record<string, LoggerDefinition>> },
  input: RunTaskInput,
  nodeName: string,
  attempt: number,
  journal: JournalEntry[],
  requestId?: string,
): Promise<{ log: OpLog; close(): Promise<Error[]>; logEvents(entries: readonly EventEntry[]): Promise<void> }> {
  const loggerErrors: Error[] = [];
  const manager = await createLogManager({
    loggerDefs: deps.loggerDefs,
    loggersConfig: input.runConfig.loggers,
    job: { name: deps.job.name, tags: deps.job.tags, metadata: deps.job.metadata },
    runId: input.runId,
    ...(requestId !== undefined ? { requestId } : {}),
    onLoggerError: (name, error) => {
      loggerErrors.push(new Error(`logger "${name}" failed: ${errorMessage(error)}`, { cause: error }));
    },
  });
  const runLevel = Number.isFinite(manager.minimumLevel) ? manager.minimumLevel : LogLevel.INFO;
  manager.addListener({
    level: runLevel,
    onRecord: (record) =>
      journal.push({
        kind: 'log',
        level: record.level,
        message: record.message,
        ...(record.extra ? { extra: record.extra } : {}),
        at: record.timestamp,
      }),
  });
  const log = manager.forStep({ stepKey: nodeName, attempt });
  return {
    log,
    close: async () => [...loggerErrors, ...(await manager.flush())],
    logEvents: async (entries) => {
      for (const { record } of entries) {
        if (!LOGGED_EVENT_TYPES.has(record.eventType)) continue;
        manager.logEvent({
          stepKey: nodeName,
          attempt,
          level: record.level,
          message: record.message,
          timestamp: record.timestamp,
          event: { eventType: record.eventType, ...(record.data !== undefined ? { data: record.data } : {}) },
        });
      }
      // The attempt's events are committed: a delivery failure now can only be told, not recorded.
      for (const failure of await manager.flush()) process.stderr.write(`stepster: ${errorMessage(failure)}\n`);
    },
  };
}
