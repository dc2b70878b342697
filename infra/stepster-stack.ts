import { CfnOutput, type Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { StepsterEnv } from '../shared/environment/environment-variable.js';
import type { Definitions } from '../shared/definitions/definitions.js';
import { RunConfigError } from '../shared/errors/run-config-error.js';
import { isRunStatusSensor } from '../shared/lifecycle/fire-run-sensors.js';
import { defaultLoggerDefs } from '../shared/loggers/default-loggers.js';
import { validateExecutionInput } from '../shared/tasks/execution-input.js';
import { ScheduleDefinition } from '../shared/schedules/schedule-definition.js';
import { scheduleExecutionInput } from '../shared/schedules/schedule-execution-input.js';
import { backfillStateMachineName } from '../shared/compiler/backfill-machine.js';
import { StepsterBackfill } from './constructs/stepster-backfill.js';
import { firstPartitionedTick, PartitionedScheduleDefinition } from '../shared/schedules/partitioned-schedule.js';
import { deployResourceEnvironment, jobResourceUses } from '../shared/definitions/deploy-resource-environment.js';
import { grantEnvVarBuckets } from './constructs/env-var-bucket-grants.js';
import { sensorResourceUses } from '../shared/lifecycle/sensor-resources.js';
import { sesIdentitiesOf } from '../shared/notifications/ses-identities.js';
import { grantSesSend } from './constructs/ses-grants.js';
import { envVarsOf, secretsOf } from '../shared/resources/resource-references.js';
import type { FunctionBundles } from './bundling/function-bundles.js';
import { EventLaunch } from './constructs/event-launch.js';
import { EventLogTable } from './constructs/event-log-table.js';
import { RunLifecycle } from './constructs/run-lifecycle.js';
import { StepsterJob } from './constructs/stepster-job.js';
import { StepsterRuntime } from './constructs/stepster-runtime.js';
import { StepsterSchedules } from './constructs/stepster-schedules.js';
import { LogInsightsQueries } from './constructs/log-insights-queries.js';
import { IoManagerBucket } from './constructs/io-manager-bucket.js';
import { stageBucketAccessOf } from '../shared/definitions/stage-bucket-access.js';

/** Properties of {@link StepsterStack}. */
export interface StepsterStackProps extends StackProps {
  /** What to deploy: the Definitions module's default export. */
  readonly definitions: Definitions;
  /** The Lambda bundles built from the same module. */
  readonly bundles: FunctionBundles;
  /**
   * Where the resources' `EnvVar` values are read at synth, after `-c env.NAME=value`.
   * @default process.env
   */
  readonly resourceEnv?: Readonly<Record<string, string | undefined>>;
  /** The stage (`-c stage=prod`): it prefixes every name, so stages share an account safely. */
  readonly stage: string;
  /**
   * What happens to the event table, log groups and queues when they leave the stack.
   * @default - RETAIN for the stage `prod`, DESTROY otherwise
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * How long logs are kept.
   * @default - one year for the stage `prod`, two weeks otherwise
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Lambda's application log level for every function (`-c logLevel=DEBUG`). Keep it at or
   * below the JSON console logger's level (INFO by default), or Lambda drops its lines.
   * @default - DEBUG for the stage `dev`, INFO otherwise
   */
  readonly applicationLogLevel?: lambda.ApplicationLogLevel;
  /**
   * Lambda's system log level (its START/END/REPORT lines are INFO).
   * @default lambda.SystemLogLevel.WARN
   */
  readonly systemLogLevel?: lambda.SystemLogLevel;
  /**
   * KMS key encrypting the functions' and CloudWatch loggers' log groups (`-c logsKmsKeyArn=...`).
   * A key of this app gets a key-policy statement letting CloudWatch Logs use it for those
   * groups; for an imported key, add that statement yourself (synth warns).
   * @default - CloudWatch Logs' own encryption
   */
  readonly logsEncryptionKey?: kms.IKey;
  /**
   * The logs KMS key by ARN (`-c logsKmsKeyArn=arn:aws:kms:...:key/...`), when it is not a key of this app.
   * @default - see logsEncryptionKey
   */
  readonly logsKmsKeyArn?: string;
  /**
   * Days before outputs in the stage's IO manager bucket expire (`-c ioOutputExpirationDays=7`).
   * @default 30
   */
  readonly ioOutputExpirationDays?: number;
  /**
   * How often the lifecycle sweep runs.
   * @default Duration.minutes(10)
   */
  readonly sweepInterval?: Duration;
}

const KMS_KEY_ARN_PATTERN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/** Stage names: they become part of resource names. */
export const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,19}$/;

/**
 * Everything a Definitions module needs on AWS, named `stepster-<stage>-...`: the event
 * table, one {@link StepsterJob} per job, the {@link RunLifecycle} (status events, sweep,
 * sensors), the {@link StepsterSchedules} and the {@link EventLaunch} rules. Bad cross-references (a schedule or sensor
 * naming a job that is not deployed, a schedule whose run config the job refuses) fail
 * the synth with the way out.
 *
 * @example
 * new StepsterStack(app, 'stepster-prod', { definitions, bundles, stage: 'prod' });
 */
export class StepsterStack extends Stack {
  readonly stage: string;
  readonly table: EventLogTable;
  readonly jobs: ReadonlyMap<string, StepsterJob>;
  readonly lifecycle: RunLifecycle;
  /** The layer, logging settings and logs key the stack's functions share. */
  readonly runtime: StepsterRuntime;
  /** CloudWatch loggers' log groups, by name. */
  readonly loggerLogGroups: ReadonlyMap<string, logs.LogGroup>;
  /** The saved CloudWatch Logs Insights queries. */
  readonly queries: LogInsightsQueries;
  readonly schedules?: StepsterSchedules;
  /** Backfills of the partitioned jobs (`stepster backfill --remote`); absent without one. */
  readonly backfill?: StepsterBackfill;
  /** Starts runs from `stepster.launch` / `Run Job` events. */
  readonly eventLaunch: EventLaunch;
  /** The stage's bucket for `s3IoManager({ bucket: S3_IO_MANAGER_BUCKET })`, when some output uses it. */
  readonly ioBucket?: IoManagerBucket;

  constructor(scope: Construct, id: string, props: StepsterStackProps) {
    // Checked before the stack exists: the stage is part of the stack's name.
    if (!STAGE_PATTERN.test(props.stage)) {
      throw new Error(
        `stage "${props.stage}" is invalid: use 1-20 lowercase letters, digits and '-', starting with a letter (e.g. -c stage=prod).`,
      );
    }
    super(scope, id, { description: `stepster (${props.stage}): jobs, event log, lifecycle and schedules`, ...props });
    const { definitions, bundles, stage } = props;
    if (definitions.jobs.length === 0) {
      throw new Error(
        'the Definitions have no jobs: add at least one job to `new Definitions({ jobs: [...] })` before deploying.',
      );
    }
    this.stage = stage;
    const prod = stage === 'prod';
    const removalPolicy = props.removalPolicy ?? (prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);
    const logRetention = props.logRetention ?? (prod ? logs.RetentionDays.ONE_YEAR : logs.RetentionDays.TWO_WEEKS);
    const prefix = `stepster-${stage}`;
    const environment = { [StepsterEnv.STAGE]: stage };
    const jobNames = new Set(definitions.jobs.map((job) => job.name));
    validateReferences(definitions, jobNames);
    // Each function gets the EnvVar values, secrets and SES identities of the resources its
    // steps (or, the lifecycle function, its sensors) require, and no others.
    const sensorUses = sensorResourceUses(definitions);
    const resourceEnvironment = deployResourceEnvironment(
      [...jobResourceUses(definitions.jobs, definitions.resources), ...sensorUses],
      (name) => {
        const fromContext: unknown = this.node.tryGetContext(`env.${name}`);
        return typeof fromContext === 'string' ? fromContext : (props.resourceEnv ?? process.env)[name];
      },
    );
    const secrets = sensorUses.flatMap((use) => secretsOf(use.resources, use.keys));
    const sensorVariables = Object.fromEntries(
      sensorUses.flatMap((use) =>
        envVarsOf(use.resources, use.keys).flatMap(({ envVar }) => {
          const value = resourceEnvironment[envVar.name];
          return value === undefined ? [] : [[envVar.name, value] as const];
        }),
      ),
    );

    if (props.logsEncryptionKey && props.logsKmsKeyArn) {
      throw new Error(
        'give the logs KMS key once: logsEncryptionKey or logsKmsKeyArn (-c logsKmsKeyArn=...), not both.',
      );
    }
    if (props.logsKmsKeyArn !== undefined && !KMS_KEY_ARN_PATTERN.test(props.logsKmsKeyArn)) {
      throw new Error(
        `logsKmsKeyArn "${props.logsKmsKeyArn}" is not a KMS key ARN: pass -c logsKmsKeyArn=arn:aws:kms:<region>:<account>:key/<key id> (a key in the stack's region; aliases are not accepted).`,
      );
    }
    const logsKey =
      props.logsEncryptionKey ??
      (props.logsKmsKeyArn ? kms.Key.fromKeyArn(this, 'LogsKey', props.logsKmsKeyArn) : undefined);
    this.runtime = new StepsterRuntime(this, {
      layer: bundles.layer,
      applicationLogLevel:
        props.applicationLogLevel ??
        (stage === 'dev' ? lambda.ApplicationLogLevel.DEBUG : lambda.ApplicationLogLevel.INFO),
      systemLogLevel: props.systemLogLevel ?? lambda.SystemLogLevel.WARN,
      ...(logsKey ? { logsEncryptionKey: logsKey } : {}),
      removalPolicy,
    });
    this.table = new EventLogTable(this, 'Events', { tableName: `${prefix}-events`, removalPolicy });
    if (definitions.jobs.some((job) => stageBucketAccessOf(job, definitions.resources).size > 0)) {
      const fromContext: unknown = this.node.tryGetContext('ioOutputExpirationDays');
      const expirationDays =
        props.ioOutputExpirationDays ?? (fromContext === undefined ? undefined : Number(fromContext));
      this.ioBucket = new IoManagerBucket(this, 'IoOutputs', {
        removalPolicy,
        ...(expirationDays !== undefined ? { expirationDays } : {}),
      });
    }

    const loggerGroups = new Map<string, logs.LogGroup>();
    const loggerLogGroup = (logGroupName: string): logs.ILogGroup => {
      let group = loggerGroups.get(logGroupName);
      if (!group) {
        const encryptionKey = this.runtime.keyFor(logGroupName);
        group = new logs.LogGroup(this, `LoggerGroup${loggerGroups.size + 1}`, {
          logGroupName,
          retention: logRetention,
          removalPolicy,
          ...(encryptionKey ? { encryptionKey } : {}),
        });
        loggerGroups.set(logGroupName, group);
      }
      return group;
    };
    const jobs = new Map<string, StepsterJob>();
    for (const job of definitions.jobs) {
      const loggerDefs = definitions.loggersFor(job);
      jobs.set(
        job.name,
        new StepsterJob(this, `Job_${job.name}`, {
          job,
          bundles,
          table: this.table,
          namePrefix: prefix,
          ...(loggerDefs ? { loggerDefs } : {}),
          loggerLogGroup,
          resources: definitions.resources,
          resourceEnvironment,
          ...(this.ioBucket ? { ioBucket: this.ioBucket } : {}),
          environment,
          logRetention,
          removalPolicy,
        }),
      );
    }
    this.jobs = jobs;
    for (const stepsterJob of jobs.values()) {
      // Buckets named by an EnvVar (s3IoManager({ bucket: EnvVar('DATA_BUCKET') })): the same per-step grants.
      grantEnvVarBuckets(stepsterJob.job, stepsterJob.opFunctions, definitions.resources, resourceEnvironment);
    }
    this.loggerLogGroups = loggerGroups;

    this.lifecycle = new RunLifecycle(this, 'Lifecycle', {
      jobs: [...jobs.values()],
      bundle: bundles.lifecycle,
      table: this.table,
      functionName: `${prefix}-lifecycle`,
      secrets,
      // The lifecycle's own environment merged under: resource variables never override stepster's.
      environment: { ...sensorVariables, ...environment },
      // Only then does a run's start (RUNNING, redrive 0) wake the lifecycle function.
      watchRunStarts: definitions.sensors.some((s) => isRunStatusSensor(s) && s.runStatus === 'STARTED'),
      logRetention,
      removalPolicy,
      ...(props.sweepInterval ? { sweepInterval: props.sweepInterval } : {}),
    });

    grantSesSend(
      [this.lifecycle.function],
      sensorUses.flatMap((use) => sesIdentitiesOf(use.resources, use.keys, resourceEnvironment)),
    );

    this.eventLaunch = new EventLaunch(this, 'EventLaunch', { jobs: [...jobs.values()], stage, removalPolicy });

    const schedules = definitions.schedules.filter((s): s is ScheduleDefinition => s instanceof ScheduleDefinition);
    if (schedules.length > 0) {
      this.schedules = new StepsterSchedules(this, 'Schedules', {
        schedules,
        jobs,
        name: `${prefix}-schedules`,
        logRetention,
        removalPolicy,
      });
    }

    const partitioned = [...jobs.values()].filter((job) => job.job.partitionsDef !== undefined);
    if (partitioned.length > 0) {
      this.backfill = new StepsterBackfill(this, 'Backfill', {
        jobs: partitioned,
        name: backfillStateMachineName(stage),
        logRetention,
        removalPolicy,
      });
    }

    this.queries = new LogInsightsQueries(this, 'Queries', {
      stage,
      logGroupNames: [
        ...[...jobs.values()].flatMap((job) => job.functionLogGroupNames),
        `/aws/lambda/${prefix}-lifecycle`,
        ...loggerGroups.keys(),
      ],
    });
    this.queries.node.addDependency(...jobs.values(), this.lifecycle);

    new CfnOutput(this, 'EventTableName', {
      value: this.table.tableName,
      description: 'stepster runs --remote reads this table',
    });
    if (this.ioBucket) {
      new CfnOutput(this, 'IoBucketName', {
        value: this.ioBucket.bucket.bucketName,
        description: 'where s3IoManager({ bucket: S3_IO_MANAGER_BUCKET }) stores op outputs',
      });
    }
    for (const [name, job] of jobs) {
      new CfnOutput(this, `StateMachine_${name}`, {
        value: job.stateMachine.stateMachineArn,
        description: `job ${name}`,
      });
    }
  }
}

function validateReferences(definitions: Definitions, jobNames: ReadonlySet<string>): void {
  const known = [...jobNames].join(', ');
  for (const sensor of definitions.sensors) {
    if (!isRunStatusSensor(sensor)) {
      throw new Error(
        `sensor "${sensor.name}" (kind "${sensor.kind}") is not a run-status or run-failure sensor, the only kinds stepster deploys.`,
      );
    }
    // Monitored jobs are checked by Definitions against all its jobs; a stage may deploy only some.
    if (sensor.monitoredJobNames && !sensor.monitoredJobNames.some((jobName) => jobNames.has(jobName))) {
      throw new Error(
        `sensor "${sensor.name}" monitors none of this stage's jobs (${known}): add one of them or leave the sensor out of the stage.`,
      );
    }
  }
  for (const schedule of definitions.schedules) {
    if (!(schedule instanceof ScheduleDefinition)) {
      throw new Error(`schedule "${schedule.name}" (kind "${schedule.kind}") was not made with schedule({...}).`);
    }
    if (!jobNames.has(schedule.jobName)) {
      throw new Error(
        `schedule "${schedule.name}" runs job "${schedule.jobName}", which is not in the Definitions' jobs (${known}): add the job or fix the schedule's job.`,
      );
    }
    const job = definitions.getJob(schedule.jobName);
    const loggerDefs = definitions.loggersFor(job) ?? defaultLoggerDefs({ AWS_LAMBDA_FUNCTION_NAME: 'stepster' });
    try {
      // A partitioned schedule's input has no key: run start takes it from the tick, so check a real tick.
      const tick = schedule instanceof PartitionedScheduleDefinition ? firstPartitionedTick(schedule) : undefined;
      validateExecutionInput(
        job,
        loggerDefs,
        scheduleExecutionInput(schedule),
        tick ? { executionName: tick.runId, schedules: [schedule], now: tick.scheduledTime } : undefined,
      );
    } catch (error) {
      if (!(error instanceof RunConfigError)) throw error;
      throw new Error(
        `schedule "${schedule.name}": every tick would fail, its run config is invalid for job "${job.name}". ${error.message}`,
        {
          cause: error,
        },
      );
    }
  }
}
