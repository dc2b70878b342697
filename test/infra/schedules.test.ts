// Dagster cron strings → EventBridge Scheduler, next ticks in a time zone, and the launcher
// state machine that names each tick's run (run in aws-local-stepfunctions).
import '../../shared/local/promise-with-resolvers.js';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { launcherDefinition } from '../../infra/constructs/stepster-schedules.js';
import { describeSchedules, formatSchedules } from '../../shared/schedules/schedules-report.js';
import { nextTicks } from '../../shared/schedules/next-ticks.js';
import { parseCronExpression } from '../../shared/schedules/cron-expression.js';
import { schedule } from '../../shared/schedules/schedule-definition.js';
import { scheduledRunId } from '../../shared/schedules/scheduled-run-id.js';
import { scheduleExecutionInput } from '../../shared/schedules/schedule-execution-input.js';
import { toSchedulerCron } from '../../shared/schedules/scheduler-cron.js';
import { validateAsl } from './support/asl-validator.js';

const cron = (text: string) => toSchedulerCron(parseCronExpression(text));

describe('cron strings', () => {
  it('converts Dagster cron strings to Scheduler cron(...) with Sunday = 1 and one day field as "?"', () => {
    // Prepare
    const cases = {
      '0 6 * * *': 'cron(0 6 * * ? *)',
      '*/15 * * * *': 'cron(0/15 * * * ? *)',
      '0 6 * * 1-5': 'cron(0 6 ? * 2-6 *)',
      '0 6 * * MON-FRI': 'cron(0 6 ? * 2-6 *)',
      '0 9 * * 0,7': 'cron(0 9 ? * 1 *)',
      '0 0 1 * *': 'cron(0 0 1 * ? *)',
      '@hourly': 'cron(0 * * * ? *)',
      '5,10 */2 1-10 JAN-MAR *': 'cron(5,10 0/2 1-10 1-3 ? *)',
    };

    // Act
    const converted = Object.fromEntries(Object.keys(cases).map((text) => [text, cron(text)]));

    // Assess
    expect(converted).toEqual(cases);
  });

  it('fails when a field is out of range, naming the field and what it accepts', () => {
    // Prepare
    const text = '61 * * * *';

    // Act
    const act = () => cron(text);

    // Assess
    expect(act).toThrow('cronSchedule "61 * * * *": the minute field "61" has 61, outside 0-59. It accepts 0-59');
  });

  it('fails when the string has six fields, pointing to the 5-field Dagster syntax', () => {
    // Prepare
    const text = '0 6 * * ? *';

    // Act
    const act = () => cron(text);

    // Assess
    expect(act).toThrow('has 6 field(s); Dagster cron strings have 5: minute hour day-of-month month day-of-week');
  });

  it('fails when both day fields are restricted, with the two-string way out', () => {
    // Prepare
    const text = '0 6 1 * 1';

    // Act
    const act = () => cron(text);

    // Assess
    expect(act).toThrow('cronSchedule: ["0 6 1 * *", "0 6 * * 1"]');
  });

  it('fails when a day-of-week name is unknown', () => {
    // Prepare
    const text = '0 6 * * FUN';

    // Act
    const act = () => cron(text);

    // Assess
    expect(act).toThrow('the day-of-week field "FUN" has "FUN", which is not a number or a name');
  });
});

describe('schedules', () => {
  it('lists the next ticks in the schedule’s time zone, skipping the hour the clock skips', () => {
    // Prepare
    const daily = schedule({
      name: 'daily',
      job: 'sales_job',
      cronSchedule: '30 2 * * *',
      executionTimezone: 'Europe/Paris',
    });

    // Act
    const ticks = nextTicks(daily, 3, new Date('2026-03-28T00:00:00Z'));

    // Assess
    expect(ticks.map((t) => t.runId)).toEqual([
      'daily-2026-03-28T013000Z',
      'daily-2026-03-30T003000Z',
      'daily-2026-03-31T003000Z',
    ]);
  });

  it('runs a repeated hour once, at its first occurrence, when the clock goes back', () => {
    // Prepare
    const daily = schedule({
      name: 'daily',
      job: 'sales_job',
      cronSchedule: '30 1 * * *',
      executionTimezone: 'America/New_York',
    });

    // Act
    const ticks = nextTicks(daily, 2, new Date('2026-11-01T00:00:00Z'));

    // Assess
    expect(ticks.map((t) => t.scheduledTime.toISOString())).toEqual([
      '2026-11-01T05:30:00.000Z',
      '2026-11-02T06:30:00.000Z',
    ]);
  });

  it('merges the ticks of several cron strings and names each run by its tick', () => {
    // Prepare
    const twice = schedule({ name: 'twice', job: 'sales_job', cronSchedule: ['0 9 * * *', '0 9,17 * * *'] });

    // Act
    const ticks = nextTicks(twice, 3, new Date('2026-11-24T10:00:00Z'));

    // Assess
    expect(ticks.map((t) => t.runId)).toEqual([
      'twice-2026-11-24T170000Z',
      'twice-2026-11-25T090000Z',
      'twice-2026-11-25T170000Z',
    ]);
  });

  it('starts runs with the run config, the tags and the stepster/schedule_name system tag', () => {
    // Prepare
    const daily = schedule({
      name: 'daily',
      job: 'sales_job',
      cronSchedule: '@daily',
      runConfig: { ops: { a: { config: { x: 1 } } } },
      tags: { team: 'data' },
    });

    // Act
    const input = scheduleExecutionInput(daily);

    // Assess
    expect(input).toEqual({
      runConfig: { ops: { a: { config: { x: 1 } } } },
      tags: { team: 'data' },
      stepster: { tags: { 'stepster/schedule_name': 'daily' } },
    });
  });

  it('fails when the time zone is not an IANA name', () => {
    // Prepare
    const options = { name: 'daily', job: 'sales_job', cronSchedule: '@daily', executionTimezone: 'Paris' };

    // Act
    const act = () => schedule(options);

    // Assess
    expect(act).toThrow('schedule "daily": executionTimezone "Paris" is not an IANA time zone');
  });

  it('fails when a tag uses the reserved stepster/ prefix', () => {
    // Prepare
    const options = {
      name: 'daily',
      job: 'sales_job',
      cronSchedule: '@daily',
      tags: { 'stepster/schedule_name': 'x' },
    };

    // Act
    const act = () => schedule(options);

    // Assess
    expect(act).toThrow('prefix is reserved');
  });

  it('fails when the name would make run ids longer than execution names allow', () => {
    // Prepare
    const options = { name: 'x'.repeat(61), job: 'sales_job', cronSchedule: '@daily' };

    // Act
    const act = () => schedule(options);

    // Assess
    expect(act).toThrow('at most 60 characters');
  });

  it('formats what `stepster schedules` prints', () => {
    // Prepare
    const daily = schedule({
      name: 'daily_sales',
      job: 'sales_job',
      cronSchedule: '0 6 * * *',
      executionTimezone: 'Europe/Paris',
    });

    // Act
    const text = formatSchedules(describeSchedules([daily], { count: 1, from: new Date('2026-11-24T00:00:00Z') }));

    // Assess
    expect(text).toBe(
      'daily_sales  job sales_job  "0 6 * * *" (Europe/Paris)  cron(0 6 * * ? *)\n' +
        '  2026-11-24T05:00:00.000Z  2026-11-24 06:00 Europe/Paris  run daily_sales-2026-11-24T050000Z\n',
    );
  });
});

describe('schedule launcher', () => {
  async function launch(scheduledTime: string, startExecution: (params: unknown) => Promise<unknown>) {
    const machine = new StateMachine(launcherDefinition() as unknown as StateMachineDefinition, {
      validationOptions: { checkArn: true, checkPaths: true },
    });
    return machine.run(
      {
        stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:stepster-dev-sales_job',
        scheduleName: 'daily_sales',
        scheduledTime,
        input: { runConfig: {}, tags: {} },
      },
      { overrides: { taskResourceLocalHandlers: { StartRun: startExecution as never } } },
    ).result;
  }

  it('is valid ASL', () => {
    // Prepare
    const definition = launcherDefinition();

    // Act
    const validation = validateAsl(definition, { checkArn: true, checkPaths: true });

    // Assess
    expect({ valid: validation.isValid, errors: validation.errorsText() }).toEqual({ valid: true, errors: '' });
  });

  it('names the run like scheduledRunId, from Scheduler’s scheduled time', async () => {
    // Prepare
    const requests: unknown[] = [];

    // Act
    await launch('2026-11-24T05:00:00Z', async (params) => {
      requests.push(params);
      return { ExecutionArn: 'arn', StartDate: 'now' };
    });

    // Assess
    expect(requests).toEqual([
      {
        StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:stepster-dev-sales_job',
        Name: scheduledRunId('daily_sales', new Date('2026-11-24T05:00:00Z')),
        Input: { runConfig: {}, tags: {} },
      },
    ]);
  });

  it('ends quietly when the tick’s run already exists (a double fire): one StartExecution, no retry, no failure', async () => {
    // Prepare
    const requests: unknown[] = [];
    const duplicate = async (params: unknown) => {
      requests.push(params);
      const error = new Error('Execution Already Exists');
      error.name = 'StepFunctions.ExecutionAlreadyExistsException';
      throw error;
    };

    // Act
    const output = await launch('2026-11-24T05:00:00Z', duplicate);

    // Assess
    expect(requests).toEqual([
      {
        StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:stepster-dev-sales_job',
        Name: 'daily_sales-2026-11-24T050000Z',
        Input: { runConfig: {}, tags: {} },
      },
    ]);
    expect(output).toEqual({
      Error: 'StepFunctions.ExecutionAlreadyExistsException',
      Cause: 'Execution Already Exists',
    });
  });
});
