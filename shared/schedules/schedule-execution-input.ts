import { SystemTag } from '../definitions/run-tags.js';
import type { RunConfig } from '../definitions/run-config.js';
import type { ScheduleDefinition } from './schedule-definition.js';

/** The execution input a schedule's tick starts its job with. */
export interface ScheduleExecutionInput {
  readonly runConfig: RunConfig;
  readonly tags: Readonly<Record<string, string>>;
  /** System tags: run start accepts `stepster/` tags only here. */
  readonly stepster: { readonly tags: Readonly<Record<string, string>> };
}

/**
 * The execution input of every run `schedule` starts: its run config and tags, plus the
 * system tag `stepster/schedule_name`. The deployed schedule sends exactly this.
 *
 * @example
 * scheduleExecutionInput(dailySales);
 * // { runConfig: {...}, tags: { trigger: 'schedule' }, stepster: { tags: { 'stepster/schedule_name': 'daily_sales' } } }
 */
export function scheduleExecutionInput(schedule: ScheduleDefinition): ScheduleExecutionInput {
  return {
    runConfig: schedule.runConfig,
    tags: { ...schedule.tags },
    stepster: { tags: { [SystemTag.SCHEDULE_NAME]: schedule.name } },
  };
}
