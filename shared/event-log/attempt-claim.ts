import { EventLogError } from './event-log-error.js';
import { readString, type TableItem } from './item-attributes.js';
import { TableKeys } from './table-keys.js';

/**
 * Who runs an op attempt: taken before the body runs, with a conditional write, so that of
 * two concurrent deliveries of one attempt only one runs the body (the Powertools idempotency
 * pattern). The lease is as long as the function may run: a claim older than that belongs to
 * a delivery that is gone, and a later delivery may take the attempt over.
 */
export interface AttemptClaim {
  /** The attempt claimed (1-based). */
  readonly attempt: number;
  /** The delivery that holds it (Lambda's request id, or a random id locally). */
  readonly owner: string;
  /** Epoch milliseconds after which the claim no longer holds. */
  readonly expiresAt: number;
}

/** What a claim attempt found: the attempt is ours, or another live delivery holds it. */
export type ClaimOutcome =
  | { readonly claimed: true }
  | { readonly claimed: false; readonly holder: AttemptClaim | undefined };

export function claimToItem(runId: string, node: string, claim: AttemptClaim): TableItem {
  if (!Number.isInteger(claim.attempt) || claim.attempt < 1) {
    throw new EventLogError(`claim of op '${node}' has attempt ${claim.attempt}: pass the 1-based attempt number`);
  }
  return {
    pk: { S: TableKeys.runPartition(runId) },
    sk: { S: TableKeys.claimSort(node) },
    attempt: { N: String(claim.attempt) },
    owner: { S: claim.owner },
    expiresAt: { N: String(claim.expiresAt) },
  };
}

export function itemToClaim(item: TableItem): AttemptClaim {
  const attempt = Number(item.attempt?.N);
  const expiresAt = Number(item.expiresAt?.N);
  if (!Number.isInteger(attempt) || !Number.isFinite(expiresAt)) {
    throw new EventLogError(`claim item ${readString(item, 'sk')} holds no valid attempt and lease`);
  }
  return { attempt, owner: readString(item, 'owner'), expiresAt };
}
