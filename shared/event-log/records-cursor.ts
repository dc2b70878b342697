import { EventLogError } from './event-log-error.js';

/** Where a page of a run's records ended: the table and LSI keys of its last record. */
export interface RecordsCursorPosition {
  readonly sk: string;
  readonly tsk: string;
}

interface CursorBody {
  readonly v: 1;
  readonly r: string;
  readonly s: string;
  readonly t: string;
}

/**
 * An opaque cursor (base64url JSON) naming the last record returned; the next query
 * resumes right after it. Bound to its run so a cursor cannot leak across runs.
 */
export function encodeRecordsCursor(runId: string, position: RecordsCursorPosition): string {
  const body: CursorBody = { v: 1, r: runId, s: position.sk, t: position.tsk };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/** Decodes a cursor from {@link encodeRecordsCursor}, checking it belongs to `runId`. */
export function decodeRecordsCursor(runId: string, cursor: string): RecordsCursorPosition {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw new EventLogError(
      `cursor '${cursor}' is not a getRecordsForRun cursor: pass the cursor a previous page returned`,
      {
        cause: error,
      },
    );
  }
  const candidate = body as Partial<CursorBody> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    candidate.v !== 1 ||
    typeof candidate.s !== 'string' ||
    typeof candidate.t !== 'string'
  ) {
    throw new EventLogError(
      `cursor '${cursor}' is not a getRecordsForRun cursor: pass the cursor a previous page returned`,
    );
  }
  if (candidate.r !== runId) {
    throw new EventLogError(
      `cursor belongs to run '${String(candidate.r)}', not '${runId}': pass the cursor of this run's previous page`,
    );
  }
  return { sk: candidate.s, tsk: candidate.t };
}
