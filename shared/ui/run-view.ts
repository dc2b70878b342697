import { IMPLICIT_ASSET_JOB_NAME } from '../definitions/asset-job.js';
import type { Definitions } from '../definitions/definitions.js';
import type { FanOutSource } from '../definitions/dynamic-output-handle.js';
import type { JobDefinition } from '../definitions/job-definition.js';
import type { EventLogInstance } from '../event-log/event-log-instance.js';
import { EventLogError } from '../event-log/event-log-error.js';
import type { EventRecord } from '../event-log/event-record.js';
import { decodeRecordsCursor } from '../event-log/records-cursor.js';
import { isTerminalRunStatus, type RunRecord } from '../event-log/run-record.js';
import { stepTimelines } from './step-timeline.js';
import type { RunEventsResponse, RunResponse, RunRow } from './ui-api.js';
import { UiErrorStatus, UiRequestError } from './ui-request-error.js';

/** The most events one answer of `GET /api/runs/:runId/events` holds; the page asks again with the cursor. */
export const EVENTS_PAGE_LIMIT = 5000;

/**
 * A run as the runs list shows it; a run still going lasts until `now`.
 *
 * @example
 * runRow(await instance.getRun(runId)); // { runId, jobName, status, durationMs, ... }
 */
export function runRow(run: RunRecord, now: number = Date.now()): RunRow {
  const end = run.endTime === undefined ? now : Date.parse(run.endTime);
  return {
    runId: run.runId,
    jobName: run.jobName,
    status: run.status,
    startTime: run.startTime,
    ...(run.endTime !== undefined ? { endTime: run.endTime } : {}),
    durationMs: Math.max(0, end - Date.parse(run.startTime)),
    tags: run.tags,
    ...(run.parentRunId !== undefined ? { parentRunId: run.parentRunId } : {}),
    ...(run.rootRunId !== undefined ? { rootRunId: run.rootRunId } : {}),
  };
}

/** The run, or a 404 that says where to find runs. */
export async function requireRun(instance: EventLogInstance, runId: string): Promise<RunRecord> {
  const run = await instance.getRun(runId);
  if (run === undefined) {
    throw new UiRequestError(
      UiErrorStatus.NOT_FOUND,
      `no run "${runId}" in this event log: pick one from /runs (or start stepster ui with --remote for a deployed run)`,
    );
  }
  return run;
}

/**
 * A run's page: the run and its steps' timelines (every step of the job in the job's order,
 * started or not). The implicit asset job runs a selection of its steps, so only the steps
 * the run touched are listed for it.
 */
export async function runResponse(
  instance: EventLogInstance,
  definitions: Definitions,
  runId: string,
): Promise<RunResponse> {
  const run = await requireRun(instance, runId);
  const job = definitions.jobs.find((j) => j.name === run.jobName);
  const order = job && job.name !== IMPLICIT_ASSET_JOB_NAME ? job.nodes.map((n) => n.name) : [];
  const events = await allRecords(instance, runId);
  return {
    run: runRow(run),
    steps: stepTimelines(
      order,
      events,
      isTerminalRunStatus(run.status),
      new Map(job?.nodes.map((node) => [node.name, node.upstream])),
      mappedNodesOf(job),
    ),
    jobKnown: job !== undefined,
  };
}

/** Each mapped op of the job (`.map(op)`) → the dynamic output that feeds it. */
export function mappedNodesOf(job: JobDefinition | undefined): Map<string, FanOutSource> {
  const mapped = new Map<string, FanOutSource>();
  for (const node of job?.nodes ?? []) {
    const item = node.mappedInput === undefined ? undefined : node.inputs[node.mappedInput];
    if (item !== undefined) mapped.set(node.name, { node: item.node, output: item.output });
  }
  return mapped;
}

/**
 * A run's events after `after` (a cursor of an earlier answer), oldest first. With no new
 * event the cursor comes back as it was given, so the page keeps polling from there.
 */
export async function runEventsResponse(
  instance: EventLogInstance,
  runId: string,
  after: string | undefined,
): Promise<RunEventsResponse> {
  const run = await requireRun(instance, runId);
  if (after !== undefined) assertCursor(runId, after);
  const page = await instance.getRecordsForRun(runId, {
    limit: EVENTS_PAGE_LIMIT,
    ...(after !== undefined ? { cursor: after } : {}),
  });
  const cursor = page.cursor ?? after;
  return {
    events: page.records,
    ...(cursor !== undefined ? { cursor } : {}),
    ...(page.hasMore ? { hasMore: true } : {}),
    runStatus: run.status,
  };
}

/** A cursor the page made up or took from another run is the request's fault (400), not the server's. */
function assertCursor(runId: string, after: string): void {
  try {
    decodeRecordsCursor(runId, after);
  } catch (error) {
    if (!(error instanceof EventLogError)) throw error;
    throw new UiRequestError(UiErrorStatus.BAD_REQUEST, `after: ${error.message}`, { cause: error });
  }
}

async function allRecords(instance: EventLogInstance, runId: string): Promise<EventRecord[]> {
  const records: EventRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await instance.getRecordsForRun(runId, {
      limit: EVENTS_PAGE_LIMIT,
      ...(cursor !== undefined ? { cursor } : {}),
    });
    records.push(...page.records);
    cursor = page.hasMore ? page.cursor : undefined;
  } while (cursor !== undefined);
  return records;
}
