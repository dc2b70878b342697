// Schedules built from partitioned jobs: each tick's run, started with the schedule's fixed
// input as the deployed launcher starts it, runs the partition of the period just complete.
import { describe, expect, it } from 'vitest';
import {
  buildScheduleFromPartitionedJob,
  DailyPartitionsDefinition,
  DefinitionError,
  Definitions,
  HourlyPartitionsDefinition,
  job,
  MonthlyPartitionsDefinition,
  op,
  StaticPartitionsDefinition,
  WeeklyPartitionsDefinition,
} from 'stepster';
import { sharedInMemoryInstance } from '../../shared/local/local-instance.js';
import { runLocally } from '../../shared/local/local-run.js';
import { nextTicks } from '../../shared/schedules/next-ticks.js';
import { scheduleExecutionInput } from '../../shared/schedules/schedule-execution-input.js';
import { thrown } from '../support/thrown.js';

const seen: string[] = [];
const record = op({ name: 'record_partition' }, async (context) => {
  seen.push(context.partitionKey);
});
const paris = new DailyPartitionsDefinition({ startDate: '2026-11-01', timezone: 'Europe/Paris' });
const parisJob = job({ name: 'paris_daily', partitionsDef: paris }, () => {
  record();
});
const parisSchedule = buildScheduleFromPartitionedJob(parisJob, { hourOfDay: 6, minuteOfHour: 15 });
const definitions = new Definitions({ jobs: [parisJob], schedules: [parisSchedule] });

describe('buildScheduleFromPartitionedJob', () => {
  it('ticks once a day in the partitions’ time zone, and the tick’s run gets the day just complete', async () => {
    // Prepare
    seen.length = 0;
    const { store } = await sharedInMemoryInstance();
    const tick = nextTicks(parisSchedule, 1, new Date('2026-11-24T00:00:00Z'))[0];

    // Act
    const run = await runLocally({
      job: parisJob,
      definitions,
      store,
      input: scheduleExecutionInput(parisSchedule),
      runId: tick?.runId ?? 'missing',
    });
    const recorded = await store.getRun(run.runId);

    // Assess
    expect(parisSchedule.cronSchedules).toEqual(['15 6 * * *']);
    expect(parisSchedule.executionTimezone).toBe('Europe/Paris');
    expect(tick?.scheduledTime.toISOString()).toBe('2026-11-24T05:15:00.000Z');
    expect(run.status).toBe('SUCCESS');
    expect(seen).toEqual(['2026-11-23']);
    expect(recorded?.tags).toMatchObject({
      'stepster/partition': '2026-11-23',
      'stepster/schedule_name': 'paris_daily_schedule',
    });
  });

  it('runs nothing for an execution that is not a real tick of the schedule', async () => {
    // Prepare
    seen.length = 0;
    const { store } = await sharedInMemoryInstance();

    // Act
    const run = await runLocally({
      job: parisJob,
      definitions,
      store,
      input: scheduleExecutionInput(parisSchedule),
      runId: 'paris_daily_schedule-2026-11-24T051600Z',
    });

    // Assess
    expect(run.status).toBe('FAILURE');
    expect(seen).toEqual([]);
  });

  it('ticks hourly, weekly and monthly after each period, and refuses static or missing partitions', () => {
    // Prepare
    const body = () => {
      record();
    };
    const hourly = job(
      { name: 'hourly_job', partitionsDef: new HourlyPartitionsDefinition({ startDate: '2026-01-01-00:00' }) },
      body,
    );
    const weekly = job(
      { name: 'weekly_job', partitionsDef: new WeeklyPartitionsDefinition({ startDate: '2026-01-04' }) },
      body,
    );
    const monthly = job(
      { name: 'monthly_job', partitionsDef: new MonthlyPartitionsDefinition({ startDate: '2026-01-01' }) },
      body,
    );
    const regions = job({ name: 'region_job', partitionsDef: new StaticPartitionsDefinition(['eu']) }, body);

    // Act
    const schedules = [
      buildScheduleFromPartitionedJob(hourly, { minuteOfHour: 5 }),
      buildScheduleFromPartitionedJob(weekly, { hourOfDay: 2 }),
      buildScheduleFromPartitionedJob(monthly, { dayOfMonth: 2 }),
    ];
    const monthlyTick = nextTicks(schedules[2]!, 1, new Date('2026-03-01T12:00:00Z'))[0];
    const staticError = thrown(() => buildScheduleFromPartitionedJob(regions));
    const unpartitioned = thrown(() => buildScheduleFromPartitionedJob(job({ name: 'plain' }, body)));

    // Assess
    expect(schedules.map((s) => s.cronSchedules[0])).toEqual(['5 * * * *', '0 2 * * 0', '0 0 2 * *']);
    expect(schedules[2]?.partitionKeyForTick(monthlyTick?.scheduledTime ?? new Date(0))).toBe('2026-02-01');
    expect(staticError).toBeInstanceOf(DefinitionError);
    expect(staticError.message).toContain('not time windows (static partitions ["eu"])');
    expect(unpartitioned.message).toContain('the job has no partitionsDef');
  });
});
