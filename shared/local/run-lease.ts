import { mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LocalProcess, thisLocalProcess } from './local-process.js';

/** What a run's lease file records: which process runs it, so a later process can tell it died. */
export interface RunLeaseRecord {
  readonly runId: string;
  readonly jobName: string;
  readonly process: LocalProcess;
  /** ISO-8601 time the lease was taken (about when the run started). */
  readonly since: string;
}

/** A lease held by this process; release it once the run's end is recorded. */
export interface RunLease {
  readonly runId: string;
  release(): void;
}

/**
 * Where the run leases of a local store live: beside its LevelDB directory, as its lock does
 * (`.stepster/dynamodb` → `.stepster/dynamodb.run-leases/<runId>.json`).
 */
export function runLeaseDirectory(storeDir: string): string {
  return `${storeDir}.run-leases`;
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

function leasePath(leaseDir: string, runId: string): string {
  // Run ids are user-choosable (executeInProcess runId): keep them from naming another path.
  return join(leaseDir, `${encodeURIComponent(runId)}.json`);
}

/**
 * Records that this process runs `runId`, before the run starts, so that a run whose process is
 * killed can be found and ended by the next command (see `recoverAbandonedRuns`). A file, not an
 * item in the event table: whether a process still runs is a fact about this machine, like the
 * store's directory lock beside it; the event log's ports offer no read of marker items; and a
 * file costs the run no store request.
 *
 * @example
 * const lease = takeRunLease(runLeaseDirectory(dir), runId, job.name);
 * // run, then record the run's end
 * lease.release();
 */
export function takeRunLease(leaseDir: string, runId: string, jobName: string): RunLease {
  mkdirSync(leaseDir, { recursive: true });
  const path = leasePath(leaseDir, runId);
  const record: RunLeaseRecord = { runId, jobName, process: thisLocalProcess(), since: new Date().toISOString() };
  // Written whole then renamed, so a reader never sees half a lease.
  const partial = `${path}.${process.pid}.tmp`;
  writeFileSync(partial, JSON.stringify(record));
  renameSync(partial, path);
  return { runId, release: () => dropRunLease(leaseDir, runId) };
}

/** Removes a run's lease; a missing one is fine (another process already recovered the run). */
export function dropRunLease(leaseDir: string, runId: string): void {
  try {
    unlinkSync(leasePath(leaseDir, runId));
  } catch (error) {
    if (!isCode(error, 'ENOENT')) throw error;
  }
}

function parseLease(text: string): RunLeaseRecord | undefined {
  try {
    const parsed = JSON.parse(text) as Partial<RunLeaseRecord> | null;
    const owner = parsed?.process;
    if (
      typeof parsed?.runId === 'string' &&
      typeof parsed.jobName === 'string' &&
      typeof owner?.pid === 'number' &&
      typeof owner.host === 'string'
    ) {
      return parsed as RunLeaseRecord;
    }
  } catch {
    // Not JSON: not a lease this code wrote.
  }
  return undefined;
}

/**
 * The leases of a store: every local run started and not yet recorded as ended. Unreadable
 * files are skipped, not deleted: they may be another version's.
 */
export function readRunLeases(leaseDir: string): RunLeaseRecord[] {
  let names: string[];
  try {
    names = readdirSync(leaseDir);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return [];
    throw error;
  }
  const leases: RunLeaseRecord[] = [];
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    let text: string;
    try {
      text = readFileSync(join(leaseDir, name), 'utf8');
    } catch (error) {
      // Released between the listing and the read.
      if (isCode(error, 'ENOENT')) continue;
      throw error;
    }
    const lease = parseLease(text);
    if (lease !== undefined) leases.push(lease);
  }
  return leases;
}
