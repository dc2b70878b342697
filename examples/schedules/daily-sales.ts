import { schedule } from 'stepster';
import { salesJob } from '../sales/sales-job.js';

/**
 * Runs the sales job every day at 06:00, Paris time (EventBridge Scheduler follows the
 * time zone's daylight saving changes). Each tick's run is named `daily_sales-<UTC time>`.
 */
export const dailySalesSchedule = schedule({
  name: 'daily_sales',
  job: salesJob,
  cronSchedule: '0 6 * * *',
  executionTimezone: 'Europe/Paris',
  runConfig: { ops: { fetch_sales: { config: { date: '2026-11-01' } } } },
  tags: { trigger: 'schedule' },
});
