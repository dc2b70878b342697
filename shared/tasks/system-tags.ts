import type { JobDefinition } from '../definitions/job-definition.js';
import { SystemTag } from '../definitions/run-tags.js';
import type { ValidationIssue } from '../errors/validation-issue.js';
import { nextTicks } from '../schedules/next-ticks.js';
import { ScheduleDefinition } from '../schedules/schedule-definition.js';

const KNOWN: ReadonlySet<string> = new Set(Object.values(SystemTag));
const LINEAGE_TAGS: ReadonlySet<string> = new Set([SystemTag.PARENT_RUN_ID, SystemTag.ROOT_RUN_ID]);

/**
 * The shape check of `stepster.tags` in an execution input: only stepster's own tag keys,
 * string values. Where they came from is checked by {@link verifySystemTagSources} at run start.
 */
export function parseSystemTags(raw: unknown, issues: ValidationIssue[]): Record<string, string> {
  const tags: Record<string, string> = {};
  if (raw === undefined) return tags;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    issues.push({ path: 'stepster', message: 'is set by stepster’s own launchers only; remove it from the input' });
    return tags;
  }
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (key !== 'tags') {
      issues.push({ path: `stepster.${key}`, message: 'unknown field; stepster’s launchers send only "tags"' });
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      issues.push({ path: 'stepster.tags', message: 'must be an object of system tags' });
      continue;
    }
    for (const [tag, tagValue] of Object.entries(value as Record<string, unknown>)) {
      if (!KNOWN.has(tag)) {
        issues.push({
          path: `stepster.tags.${tag}`,
          message: `not a stepster system tag; they are: ${[...KNOWN].join(', ')}`,
        });
      } else if (typeof tagValue !== 'string' || tagValue.length === 0) {
        issues.push({ path: `stepster.tags.${tag}`, message: 'must be a non-empty string' });
      } else tags[tag] = tagValue;
    }
  }
  return tags;
}

/** What run start knows about who started the execution. */
export interface LaunchContext {
  readonly job: JobDefinition;
  /** The execution's name (the run id). */
  readonly executionName: string;
  /** The Definitions' schedules (other kinds of definition may be listed too; they are ignored). */
  readonly schedules: readonly unknown[];
  /**
   * System tags an in-process launcher (the local runner: `materialize`, `executeInProcess`)
   * handed to run start itself, beside the execution input: it started the execution, so it
   * vouches for them. Lambda handlers pass none.
   */
  readonly vouchedTags?: Readonly<Record<string, string>>;
  /** When time-window partition keys are judged (deploy-time checks use a tick's time). @default now */
  readonly now?: Date;
}

/**
 * Trusts a system tag only where a stepster launcher provably set it, since anyone allowed to
 * start an execution can write any input. `stepster/schedule_name` holds when the execution
 * is named after a real tick of that schedule of this job (the schedule launcher names each
 * run so, which also makes a double fire start one run). A tag the in-process launcher vouches
 * for (`stepster/backfill` from a local backfill) holds with that value. `stepster/partition`
 * is never taken from the input: run start sets it from the validated `partitionKey` (a
 * re-execution sends its parent's key). The lineage tags (`stepster/parent_run_id`,
 * `stepster/root_run_id`) are left to run start's check against the event log (see
 * run-lineage.ts): the parent must exist, so they hold whoever started the execution.
 * `stepster/op_selection` is run start's own, from the input's `selection`, so no input may claim it.
 */
export function verifySystemTagSources(
  tags: Readonly<Record<string, string>>,
  launch: LaunchContext,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const [tag, value] of Object.entries(tags)) {
    const path = `stepster.tags.${tag}`;
    // Run start derives the partition tag from the checked `partitionKey`; no launcher sends it.
    if (tag === SystemTag.PARTITION) {
      issues.push({ path, message: 'is set by run start from "partitionKey"; give "partitionKey" instead' });
      continue;
    }
    if (launch.vouchedTags?.[tag] === value) continue;
    if (LINEAGE_TAGS.has(tag)) continue;
    if (tag === SystemTag.OP_SELECTION) {
      issues.push({ path, message: 'run start sets it from the input\'s "selection": send "selection" instead' });
      continue;
    }
    if (tag === SystemTag.BACKFILL) {
      // The backfill state machine names each partition's run <backfillId>-<index>.
      if (!isBackfillRunId(value, launch.executionName)) {
        issues.push({
          path,
          message: `execution "${launch.executionName}" was not started by backfill "${value}": its runs are named <backfillId>-<index>`,
        });
      }
      continue;
    }
    if (tag !== SystemTag.SCHEDULE_NAME) {
      issues.push({ path, message: 'no stepster launcher sets this tag yet, so no execution input may claim it' });
      continue;
    }
    const schedule = launch.schedules.find(
      (s): s is ScheduleDefinition => s instanceof ScheduleDefinition && s.name === value,
    );
    if (schedule === undefined || schedule.jobName !== launch.job.name) {
      issues.push({ path, message: `job "${launch.job.name}" has no schedule "${value}"` });
    } else if (!isTickRunId(schedule, launch.executionName)) {
      issues.push({
        path,
        message: `execution "${launch.executionName}" was not started by schedule "${value}": its runs are named <schedule>-<tick, YYYY-MM-DDTHHMMSSZ>`,
      });
    }
  }
  return issues;
}

function isTickRunId(schedule: ScheduleDefinition, executionName: string): boolean {
  const prefix = `${schedule.name}-`;
  if (!executionName.startsWith(prefix)) return false;
  const stamp = /^(\d{4}-\d{2}-\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(executionName.slice(prefix.length));
  if (stamp === null) return false;
  const tick = Date.parse(`${stamp[1]}T${stamp[2]}:${stamp[3]}:${stamp[4]}Z`);
  if (Number.isNaN(tick)) return false;
  return nextTicks(schedule, 1, new Date(tick - 1))[0]?.runId === executionName;
}

function isBackfillRunId(backfillId: string, executionName: string): boolean {
  return executionName.startsWith(`${backfillId}-`) && /^\d+$/.test(executionName.slice(backfillId.length + 1));
}
