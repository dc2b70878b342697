import { RunStatus } from '../event-log/run-record.js';
import { EventType } from '../events/event-type.js';
import { CliError } from './cli-error.js';
import type { EventsCommandOptions, RunsCommandOptions } from './query-commands.js';
import { parseTags } from './run-command.js';

/**
 * A flag that takes a whole number of at least 1 (`--limit 20`, `--count 3`): anything else
 * (`abc`, `0`, `2.5`, `-1`) is a CliError naming the flag and what it takes, not a NaN query.
 *
 * @example
 * positiveIntegerFlag('--limit', '20'); // 20
 * positiveIntegerFlag('--limit', 'abc'); // throws CliError: --limit abc: give a whole number of at least 1, e.g. --limit 20
 */
export function positiveIntegerFlag(flag: string, value: string, example = 20): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
    throw new CliError(`${flag} ${value}: give a whole number of at least 1, e.g. ${flag} ${example}`);
  }
  return n;
}

/**
 * `--type T` (repeatable, or comma-separated): each must be an event type the log stores;
 * an unknown one is a CliError listing them all. Case-insensitive (`--type step_failure`).
 *
 * @example
 * eventTypeFlags(['STEP_FAILURE,step_up_for_retry']); // ['STEP_FAILURE', 'STEP_UP_FOR_RETRY']
 */
export function eventTypeFlags(values: readonly string[]): EventType[] {
  const known = Object.values(EventType) as string[];
  return splitList(values).map((value) => {
    const upper = value.toUpperCase();
    if (!known.includes(upper)) {
      throw new CliError(`--type ${value} is not an event type. Use one of: ${known.join(', ')}`);
    }
    return upper as EventType;
  });
}

/**
 * `--status S` (repeatable, or comma-separated): run statuses as Dagster names them; an unknown
 * one is a CliError listing them. Case-insensitive.
 *
 * @example
 * runStatusFlags(['failure']); // ['FAILURE']
 */
export function runStatusFlags(values: readonly string[]): RunStatus[] {
  const known = Object.values(RunStatus) as string[];
  return splitList(values).map((value) => {
    const upper = value.toUpperCase();
    if (!known.includes(upper)) {
      throw new CliError(`--status ${value} is not a run status. Use one of: ${known.join(', ')}`);
    }
    return upper as RunStatus;
  });
}

function splitList(values: readonly string[]): string[] {
  return values.flatMap((value) => value.split(',')).map((value) => value.trim());
}

/**
 * The flags of `stepster runs`, checked: `--job`, `--tag k=v` (repeatable), `--status S`, `--limit n`.
 *
 * @example
 * runsFlags({ tag: ['team=data'], status: ['failure'], limit: '5' });
 * // → { tags: { team: 'data' }, statuses: ['FAILURE'], limit: 5 }
 */
export function runsFlags(values: {
  readonly job?: string | undefined;
  readonly tag?: readonly string[] | undefined;
  readonly status?: readonly string[] | undefined;
  readonly limit?: string | undefined;
}): RunsCommandOptions {
  const tags = parseTags(values.tag ?? []);
  const statuses = runStatusFlags(values.status ?? []);
  return {
    ...(values.job ? { jobName: values.job } : {}),
    ...(Object.keys(tags).length > 0 ? { tags } : {}),
    ...(statuses.length > 0 ? { statuses } : {}),
    ...(values.limit !== undefined ? { limit: positiveIntegerFlag('--limit', values.limit) } : {}),
  };
}

/**
 * The flags of `stepster events`, checked: `--type T` and `--step KEY` (both repeatable, or
 * comma-separated) and `--full`.
 *
 * @example
 * eventsFlags({ type: ['STEP_FAILURE'], full: true }); // → { types: ['STEP_FAILURE'], full: true }
 */
export function eventsFlags(values: {
  readonly type?: readonly string[] | undefined;
  readonly full?: boolean | undefined;
  readonly step?: readonly string[] | undefined;
}): EventsCommandOptions {
  const types = eventTypeFlags(values.type ?? []);
  const steps = (values.step ?? []).flatMap((step) => step.split(',')).filter((step) => step !== '');
  return {
    ...(types.length > 0 ? { types } : {}),
    ...(values.full ? { full: true } : {}),
    ...(steps.length > 0 ? { steps } : {}),
  };
}
