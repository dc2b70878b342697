import { readString, type TableItem } from './item-attributes.js';
import { TableKeys } from './table-keys.js';

/** Encodes a gate: the task token a waiting join state registered for `node`. */
export function gateToItem(runId: string, node: string, token: string): TableItem {
  return {
    pk: { S: TableKeys.runPartition(runId) },
    sk: { S: TableKeys.gateSort(node) },
    token: { S: token },
    registeredAt: { S: new Date().toISOString() },
  };
}

/** The task token of a gate item. */
export function itemToGateToken(item: TableItem): string {
  return readString(item, 'token');
}
