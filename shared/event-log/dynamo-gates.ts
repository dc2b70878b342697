import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { EventLogError } from './event-log-error.js';
import type { EventTableClient } from './event-table-client.js';
import { gateToItem, itemToGateToken } from './gate-item.js';
import type { GateStore } from './gate-store.js';
import type { GateChild, GateStatus } from './gate-status.js';
import { itemToStep } from './step-item.js';
import { isStepDone } from './step-state.js';
import { TableKeys } from './table-keys.js';

/**
 * {@link GateStore} over the event table: gate items `G#<node>` beside the step items they
 * wait on, so one BatchGetItem reads a gate and its upstream states together.
 *
 * @example
 * const gates = new DynamoGates(new EventTableClient({ client, tableName }));
 * await gates.registerGate(runId, 'd', taskToken);
 */
export class DynamoGates implements GateStore {
  constructor(private readonly table: EventTableClient) {}

  /**
   * Records the task token of a join state waiting for `node`'s upstream steps (PutItem;
   * a later registration, e.g. after a retry, replaces the token).
   *
   * @example
   * await gates.registerGate(runId, 'd', event.taskToken);
   */
  async registerGate(runId: string, node: string, token: string): Promise<void> {
    if (token.length === 0)
      throw new EventLogError(`registerGate for op '${node}' got an empty token: pass $$.Task.Token`);
    await this.table.send((client) =>
      client.send(new PutItemCommand({ TableName: this.table.tableName, Item: gateToItem(runId, node, token) })),
    );
  }

  /**
   * For each child: its gate token (if registered) and whether all its upstream steps are done
   * (SUCCESS, FAILURE, SKIPPED or BLOCKED). One strongly consistent BatchGetItem.
   *
   * @example
   * const status = await gates.readGates(runId, [{ node: 'd', upstream: ['a', 'b'] }]);
   * if (status.d?.token && status.d.upstreamDone) await sendTaskSuccess(status.d.token);
   */
  async readGates(runId: string, children: readonly GateChild[]): Promise<Record<string, GateStatus>> {
    const keys = children.flatMap((child) => [
      TableKeys.gateSort(child.node),
      ...child.upstream.map((name) => TableKeys.stepSort(name)),
    ]);
    const items = await this.table.readItems(runId, keys);
    const result: Record<string, GateStatus> = {};
    for (const child of children) {
      const gate = items.get(TableKeys.gateSort(child.node));
      const upstreamDone = child.upstream.every((name) => {
        const item = items.get(TableKeys.stepSort(name));
        return item !== undefined && isStepDone(itemToStep(item));
      });
      result[child.node] = { ...(gate !== undefined ? { token: itemToGateToken(gate) } : {}), upstreamDone };
    }
    return result;
  }
}
