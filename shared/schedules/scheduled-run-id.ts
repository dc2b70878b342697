/**
 * The run id (Step Functions execution name) of a schedule's tick: the schedule name plus
 * the tick's UTC time without colons, which execution names may not contain.
 * Every fire of one tick gets the same name, so Step Functions starts one run however
 * often EventBridge Scheduler delivers it. The deployed launcher builds the same string
 * from Scheduler's `<aws.scheduler.scheduled-time>` (e.g. `2026-11-24T06:00:00Z`).
 *
 * @example
 * scheduledRunId('daily_sales', new Date('2026-11-24T06:00:00Z')); // 'daily_sales-2026-11-24T060000Z'
 */
export function scheduledRunId(scheduleName: string, tick: Date): string {
  const iso = new Date(Math.floor(tick.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  return `${scheduleName}-${iso.replaceAll(':', '')}`;
}
