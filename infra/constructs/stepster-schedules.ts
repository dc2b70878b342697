import { Duration, RemovalPolicy, TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ScheduleDefinition } from '../../shared/schedules/schedule-definition.js';
import { scheduleExecutionInput } from '../../shared/schedules/schedule-execution-input.js';
import { acknowledge, acknowledgeExecutionLoggingAndTracing } from './nag-reasons.js';
import type { StepsterJob } from './stepster-job.js';

/** Properties of {@link StepsterSchedules}. */
export interface StepsterSchedulesProps {
  /** The schedules to deploy. */
  readonly schedules: readonly ScheduleDefinition[];
  /** The deployed jobs, by job name; every schedule's job must be among them. */
  readonly jobs: ReadonlyMap<string, StepsterJob>;
  /**
   * Name of the launcher state machine and of the schedule group.
   * @default 'stepster-schedules'
   */
  readonly name?: string;
  /**
   * How many times Scheduler retries starting the launcher before it gives up (to the dead-letter queue).
   * @default 3
   */
  readonly retryAttempts?: number;
  /**
   * How long the launcher's logs are kept.
   * @default logs.RetentionDays.TWO_WEEKS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the log group and queue when they leave the stack.
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The launcher's definition: StartExecution of the job with the name
 * `<schedule>-<scheduled time without colons>`, built with intrinsic functions because
 * execution names may not contain the colons of Scheduler's `<aws.scheduler.scheduled-time>`.
 * A second fire of the same tick finds the execution already there and stops.
 *
 * @example
 * launcherDefinition().States.StartRun.Parameters['Name.$'];
 */
export function launcherDefinition() {
  const part = (index: number) => `States.ArrayGetItem(States.StringSplit($.scheduledTime, ':'), ${index})`;
  return {
    Comment: 'stepster: starts one run per schedule tick, named by the tick',
    StartAt: 'StartRun',
    States: {
      StartRun: {
        Type: 'Task',
        Resource: 'arn:aws:states:::states:startExecution',
        Parameters: {
          'StateMachineArn.$': '$.stateMachineArn',
          'Name.$': `States.Format('{}-{}{}{}', $.scheduleName, ${part(0)}, ${part(1)}, ${part(2)})`,
          'Input.$': '$.input',
        },
        Retry: [
          {
            ErrorEquals: ['StepFunctions.SdkClientException', 'StepFunctions.StepFunctionsException', 'States.Timeout'],
            IntervalSeconds: 2,
            MaxAttempts: 3,
            BackoffRate: 2,
          },
        ],
        Catch: [{ ErrorEquals: ['StepFunctions.ExecutionAlreadyExistsException'], Next: 'AlreadyStarted' }],
        End: true,
      },
      AlreadyStarted: { Type: 'Succeed' },
    },
  } as const;
}

/**
 * Schedules on EventBridge Scheduler: each cron string of each schedule is a Scheduler
 * schedule (cron converted to `cron(...)` with its `executionTimezone`) that starts an
 * Express "launcher" state machine with the tick's time; the launcher starts the job with
 * the schedule's run config and tags, plus `stepster/schedule_name`, under the execution
 * name `<schedule>-<YYYY-MM-DDTHHMMSSZ>`, so a double fire of a tick starts one run.
 * Only the launcher may start the jobs, and only the scheduler role may start the launcher.
 *
 * @example
 * new StepsterSchedules(this, 'Schedules', { schedules: [dailySales], jobs: new Map([['sales_job', salesJob]]) });
 */
export class StepsterSchedules extends Construct {
  /** The Express state machine that starts job runs for schedule ticks. */
  readonly launcher: sfn.StateMachine;
  readonly scheduleGroup: scheduler.ScheduleGroup;
  /** The Scheduler schedules, by `<schedule name>` (or `<schedule name>-<n>` for several cron strings). */
  readonly schedules: ReadonlyMap<string, scheduler.Schedule>;
  /** Ticks Scheduler could not deliver. */
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: StepsterSchedulesProps) {
    super(scope, id);
    if (props.schedules.length === 0)
      throw new Error('StepsterSchedules needs at least one schedule; omit the construct otherwise.');
    const name = props.name ?? 'stepster-schedules';
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(name))
      throw new Error(`StepsterSchedules name "${name}" must be 1-64 letters, digits, '-' or '_'.`);
    const retryAttempts = props.retryAttempts ?? 3;
    if (!Number.isInteger(retryAttempts) || retryAttempts < 0 || retryAttempts > 185) {
      throw new Error(
        `StepsterSchedules retryAttempts ${retryAttempts} must be an integer from 0 to 185 (Scheduler's limit).`,
      );
    }
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.DESTROY;
    const scheduledJobs = new Map<string, StepsterJob>();
    for (const definition of props.schedules) {
      const job = props.jobs.get(definition.jobName);
      if (!job) {
        throw new Error(
          `schedule "${definition.name}" runs job "${definition.jobName}", which is not deployed: add it to the Definitions' jobs (deployed: ${[...props.jobs.keys()].join(', ')}).`,
        );
      }
      scheduledJobs.set(definition.jobName, job);
    }

    const logGroup = new logs.LogGroup(this, 'LauncherLogs', {
      logGroupName: `/aws/vendedlogs/states/${name}`,
      retention: props.logRetention ?? logs.RetentionDays.TWO_WEEKS,
      removalPolicy,
    });
    this.launcher = new sfn.StateMachine(this, 'Launcher', {
      stateMachineName: name,
      stateMachineType: sfn.StateMachineType.EXPRESS,
      definitionBody: sfn.DefinitionBody.fromString(JSON.stringify(launcherDefinition())),
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
      timeout: Duration.minutes(1),
      removalPolicy,
    });
    acknowledgeExecutionLoggingAndTracing(this.launcher);
    for (const job of scheduledJobs.values()) job.grantStartExecution(this.launcher);

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy,
    });
    acknowledge(
      this.deadLetterQueue,
      'AwsSolutions-SQS3',
      'This queue is itself the dead-letter queue of the schedules: it keeps the ticks Scheduler could not deliver.',
    );
    this.scheduleGroup = new scheduler.ScheduleGroup(this, 'Group', { scheduleGroupName: name, removalPolicy });
    // One role for all schedules, allowed to start the launcher only.
    const role = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
      description: 'stepster: EventBridge Scheduler starts the schedule launcher',
    });

    const schedules = new Map<string, scheduler.Schedule>();
    for (const definition of props.schedules) {
      const job = scheduledJobs.get(definition.jobName)!;
      definition.schedulerExpressions.forEach((expression, index) => {
        const key = definition.schedulerExpressions.length === 1 ? definition.name : `${definition.name}-${index + 1}`;
        const schedule = new scheduler.Schedule(this, `Schedule_${key}`, {
          scheduleName: key,
          scheduleGroup: this.scheduleGroup,
          description:
            `stepster: ${definition.name} runs ${definition.jobName} at "${definition.cronSchedules[index]}" (${definition.executionTimezone})`.slice(
              0,
              512,
            ),
          schedule: scheduler.ScheduleExpression.expression(expression, TimeZone.of(definition.executionTimezone)),
          enabled: definition.defaultStatus === 'RUNNING',
          target: new schedulerTargets.StepFunctionsStartExecution(this.launcher, {
            role,
            deadLetterQueue: this.deadLetterQueue,
            retryAttempts,
            maxEventAge: Duration.hours(1),
            input: scheduler.ScheduleTargetInput.fromObject({
              stateMachineArn: job.stateMachineArn,
              scheduleName: definition.name,
              scheduledTime: scheduler.ContextAttribute.scheduledTime,
              input: scheduleExecutionInput(definition),
            }),
          }),
        });
        schedules.set(key, schedule);
      });
    }
    this.schedules = schedules;
  }
}
