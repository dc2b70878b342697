import { GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { isConditionalCheckFailure } from './conditional-check.js';
import type { EventEntry } from './event-entry.js';
import { assetRegistryItems } from './asset-registry-item.js';
import { eventToItem } from './event-item.js';
import { EventLogError } from './event-log-error.js';
import type { EventTableClient } from './event-table-client.js';
import { inFilter } from './in-filter.js';
import { keyAttributes } from './item-attributes.js';
import { itemToRun, runToItem } from './run-item.js';
import {
  isTerminalRunStatus,
  type RunRecord,
  RunStatus,
  TERMINAL_RUN_STATUSES,
  type TerminalRunStatus,
} from './run-record.js';
import type { FinishRunOptions, RunStore } from './run-store.js';
import { TableKeys } from './table-keys.js';

/** One conditional change of a run's status, as `finishRun` and `resumeRun` ask for it. */
interface RunStatusTransition {
  /** The public method, named in errors. */
  readonly caller: 'finishRun' | 'resumeRun';
  readonly to: RunStatus;
  /** The statuses it leaves: `active` (not terminal; the run item must exist) or `terminal`. */
  readonly when: 'active' | 'terminal';
  /** The end time to set, or `remove` for a run that is going again. */
  readonly endTime: { readonly set: string } | 'remove';
  /** The fix to name when the run has no run item. */
  readonly ifNoRun: string;
}

/**
 * {@link RunStore} over the event table: the run item (`sk = RUN`, indexed by job and status)
 * and run-level events in the run's partition.
 *
 * @example
 * const runs = new DynamoRuns(new EventTableClient({ client, tableName }));
 * const changed = await runs.finishRun(runId, 'SUCCESS', endEvents);
 */
export class DynamoRuns implements RunStore {
  constructor(private readonly table: EventTableClient) {}

  /**
   * Writes the run item and its start events (RUN_START) in one batch. Idempotent: the same
   * call again rewrites the same items.
   *
   * @example
   * await runs.startRun({ runId, jobName: 'sales_job', status: 'STARTED', tags, startTime }, [
   *   { key: eventKey(RunEventScope.START, 0, 0), record: runStartRecord }]);
   */
  async startRun(run: RunRecord, events: readonly EventEntry[]): Promise<void> {
    // The run item goes last: whoever sees the run also sees RUN_START.
    await this.table.writeItems([...events.map((entry) => eventToItem(run.runId, entry)), runToItem(run)]);
  }

  /**
   * Sets the run's terminal status unless it already has one (conditional UpdateItem) and
   * returns whether this call changed it, so sensors fire once. Events (RUN_SUCCESS, …) are
   * written after the status: by the call that changed it, or by a repeat of that same status
   * (repairing a call that stopped in between); never under a different terminal status.
   *
   * @example
   * const changed = await runs.finishRun(runId, 'SUCCESS', [{ key: eventKey(RunEventScope.END, 0, 0), record }]);
   */
  async finishRun(
    runId: string,
    status: TerminalRunStatus,
    events: readonly EventEntry[],
    options: FinishRunOptions = {},
  ): Promise<boolean> {
    if (!isTerminalRunStatus(status)) {
      throw new EventLogError(
        `finishRun status '${String(status)}' is not terminal: pass ${TERMINAL_RUN_STATUSES.join(', ')}`,
      );
    }
    return this.transitionRunStatus(runId, events, {
      caller: 'finishRun',
      to: status,
      when: 'active',
      endTime: { set: options.endTime ?? new Date().toISOString() },
      ifNoRun: 'call startRun first (the run-start state does)',
    });
  }

  /**
   * Re-opens a terminal run for a redrive (resume from failure): status back to STARTED,
   * end time removed. Returns whether this call changed it. Give the redrive's events their
   * own attempt (e.g. the redrive count) so they do not overwrite the first end events.
   *
   * @example
   * if (detail.redriveCount > 0) await runs.resumeRun(runId, []);
   */
  async resumeRun(runId: string, events: readonly EventEntry[]): Promise<boolean> {
    return this.transitionRunStatus(runId, events, {
      caller: 'resumeRun',
      to: RunStatus.STARTED,
      when: 'terminal',
      endTime: 'remove',
      ifNoRun: 'only a recorded run can be redriven',
    });
  }

  /**
   * One run (strongly consistent GetItem), or undefined.
   *
   * @example
   * const run = await runs.getRun(runId); // run?.status === 'SUCCESS'
   */
  async getRun(runId: string): Promise<RunRecord | undefined> {
    const output = await this.table.send((client) =>
      client.send(
        new GetItemCommand({
          TableName: this.table.tableName,
          Key: keyAttributes({ pk: TableKeys.runPartition(runId), sk: TableKeys.RUN_SORT_KEY }),
          ConsistentRead: true,
        }),
      ),
    );
    return output.Item === undefined ? undefined : itemToRun(output.Item);
  }

  /**
   * Writes run-level events (engine events, the lifecycle's own records) with their deterministic keys.
   *
   * @example
   * await runs.appendEvents(runId, [{ key: eventKey(RunEventScope.LIFECYCLE, 0, 0), record }]);
   */
  async appendEvents(runId: string, entries: readonly EventEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const items = entries.map((entry) => eventToItem(runId, entry));
    await this.table.writeItems([...items, ...assetRegistryItems(items)]);
  }

  /**
   * The one status change of a run: a conditional UpdateItem (so concurrent callers agree on
   * a single winner), then the events. A lost condition re-reads the run: already at `to` means
   * a repeat of the winning call, which writes the same events again (their keys are
   * deterministic, so this repairs a winner that stopped before its events) and returns false;
   * any other status returns false without events, which would describe a state the run is not in.
   */
  private async transitionRunStatus(
    runId: string,
    events: readonly EventEntry[],
    transition: RunStatusTransition,
  ): Promise<boolean> {
    const terminal = inFilter('status', TERMINAL_RUN_STATUSES, 'status');
    const { endTime } = transition;
    let changed = true;
    try {
      await this.table.send((client) =>
        client.send(
          new UpdateItemCommand({
            TableName: this.table.tableName,
            Key: keyAttributes({ pk: TableKeys.runPartition(runId), sk: TableKeys.RUN_SORT_KEY }),
            UpdateExpression:
              endTime === 'remove'
                ? 'SET #status = :next, #gsi2pk = :gsi2pk REMOVE #endTime'
                : 'SET #status = :next, #endTime = :endTime, #gsi2pk = :gsi2pk',
            // A missing run item fails `status IN (…)` by itself; NOT (…) needs attribute_exists.
            ConditionExpression:
              transition.when === 'terminal'
                ? terminal.expression
                : `attribute_exists(pk) AND NOT (${terminal.expression})`,
            ExpressionAttributeNames: { ...terminal.names, '#endTime': 'endTime', '#gsi2pk': 'gsi2pk' },
            ExpressionAttributeValues: {
              ...terminal.values,
              ':next': { S: transition.to },
              ...(endTime === 'remove' ? {} : { ':endTime': { S: endTime.set } }),
              ':gsi2pk': { S: TableKeys.statusPartition(transition.to) },
            },
          }),
        ),
      );
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
      const current = await this.getRun(runId);
      if (current === undefined) {
        throw new EventLogError(`${transition.caller}: run '${runId}' has no run item: ${transition.ifNoRun}`, {
          cause: error,
        });
      }
      if (current.status !== transition.to) return false;
      changed = false;
    }
    await this.appendEvents(runId, events);
    return changed;
  }
}
