import { LIFECYCLE_FUNCTION_TIMEOUT_SECONDS } from '../../shared/lifecycle/lifecycle-timeout.js';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { StepsterEnv } from '../../shared/environment/environment-variable.js';
import { EXECUTION_STATUS_CHANGE } from '../../shared/lifecycle/execution-status-change.js';
import { CLOSED_EXECUTION_STATUSES } from '../../shared/lifecycle/execution-status.js';
import { SWEEP_EVENT } from '../../shared/lifecycle/sweep-executions.js';
import type { SecretReference } from '../../shared/secrets/secret-reference.js';
import type { FunctionBundle } from '../bundling/function-bundle.js';
import type { EventLogTable } from './event-log-table.js';
import { acknowledge } from './nag-reasons.js';
import { grantSecretsRead } from './secret-grants.js';
import { StepsterFunction } from './stepster-function.js';
import type { StepsterJob } from './stepster-job.js';

/** Properties of {@link RunLifecycle}. */
export interface RunLifecycleProps {
  /** The jobs whose runs it follows. */
  readonly jobs: readonly StepsterJob[];
  /** The lifecycle bundle (`bundles.lifecycle`): the Definitions' sensors, no op bodies. */
  readonly bundle: FunctionBundle;
  /** The event log. */
  readonly table: EventLogTable;
  /**
   * The lifecycle function's name.
   * @default - a name CloudFormation generates
   */
  readonly functionName?: string;
  /**
   * How often the sweep looks for ended executions whose status event never arrived.
   * @default Duration.minutes(10)
   */
  readonly sweepInterval?: Duration;
  /**
   * How far back each sweep looks (at least twice the interval, so a failed sweep is caught by the next).
   * @default three times `sweepInterval`
   */
  readonly sweepWindow?: Duration;
  /**
   * Whether some sensor watches STARTED: the status-change rule then also matches each run's
   * start (RUNNING with redrive 0), not only redrives.
   * @default false
   */
  readonly watchRunStarts?: boolean;
  /**
   * Secrets the sensors read (`secret(...)` resources of the Definitions).
   * @default - none
   */
  readonly secrets?: readonly SecretReference[];
  /**
   * Extra environment variables (e.g. `STEPSTER_STAGE`).
   * @default - none
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * How long the function's logs (sensor logs included) are kept.
   * @default logs.RetentionDays.TWO_WEEKS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the log group and the dead-letter queue when they leave the stack.
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The end of every run: an EventBridge rule on "Step Functions Execution Status Change" for
 * the jobs' state machines and a periodic sweep both invoke the lifecycle function, which
 * records RUN_SUCCESS / RUN_FAILURE / RUN_CANCELED (aborted and timed-out executions too)
 * and fires the run-status and run-failure sensors once per run and status. Both rules
 * and the function's own asynchronous invocations send what they cannot deliver to a
 * dead-letter queue.
 *
 * @example
 * new RunLifecycle(this, 'Lifecycle', { jobs, bundle: bundles.lifecycle, table });
 */
export class RunLifecycle extends Construct {
  readonly function: lambda.IFunction;
  readonly statusChangeRule: events.Rule;
  readonly sweepRule: events.Rule;
  /** Events neither the rules nor Lambda's async retries could deliver. */
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: RunLifecycleProps) {
    super(scope, id);
    const interval = props.sweepInterval ?? Duration.minutes(10);
    const window = props.sweepWindow ?? Duration.minutes(interval.toMinutes() * 3);
    this.validateProps(props, interval, window);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.DESTROY;
    this.deadLetterQueue = this.buildDeadLetterQueue(removalPolicy);
    const fn = this.buildFunction(props, window, removalPolicy);
    this.function = fn;
    this.grantAccess(props, fn);
    this.statusChangeRule = this.buildStatusChangeRule(props.jobs, fn, props.watchRunStarts ?? false);
    this.sweepRule = this.buildSweepRule(interval, fn);
  }

  private validateProps(props: RunLifecycleProps, interval: Duration, window: Duration): void {
    if (props.bundle.spec.kind !== 'lifecycle') {
      throw new Error(`RunLifecycle got bundle "${props.bundle.key}"; pass bundles.lifecycle.`);
    }
    if (props.jobs.length === 0) throw new Error('RunLifecycle needs at least one job: add a job to the Definitions.');
    if (interval.toMinutes() < 1)
      throw new Error(`RunLifecycle sweepInterval ${interval.toHumanString()} must be at least 1 minute.`);
    if (window.toMinutes() < interval.toMinutes() * 2) {
      throw new Error(
        `RunLifecycle sweepWindow ${window.toHumanString()} must be at least twice sweepInterval (${interval.toHumanString()}), or an ended run can fall between two sweeps.`,
      );
    }
  }

  private buildDeadLetterQueue(removalPolicy: RemovalPolicy): sqs.Queue {
    const queue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy,
    });
    acknowledge(
      queue,
      'AwsSolutions-SQS3',
      'This queue is itself the dead-letter queue of the lifecycle rules and function; a dead-letter queue of a dead-letter queue would only move the messages.',
    );
    return queue;
  }

  private buildFunction(props: RunLifecycleProps, window: Duration, removalPolicy: RemovalPolicy): StepsterFunction {
    const stateMachines = Object.fromEntries(props.jobs.map((job) => [job.job.name, job.stateMachineArn]));
    return new StepsterFunction(this, 'Function', {
      bundle: props.bundle,
      purpose: 'run lifecycle and sensors',
      ...(props.functionName !== undefined ? { functionName: props.functionName } : {}),
      memorySize: 512,
      // One home with the sensor claims' lease (a claim must outlive the function that holds it).
      timeout: Duration.seconds(LIFECYCLE_FUNCTION_TIMEOUT_SECONDS),
      environment: {
        ...(props.environment ?? {}),
        [StepsterEnv.TABLE_NAME]: props.table.tableName,
        [StepsterEnv.STATE_MACHINES]: Stack.of(this).toJsonString(stateMachines),
        [StepsterEnv.SWEEP_WINDOW_MINUTES]: String(window.toMinutes()),
      },
      deadLetterQueue: this.deadLetterQueue,
      ...(props.logRetention !== undefined ? { logRetention: props.logRetention } : {}),
      logRemovalPolicy: removalPolicy,
    });
  }

  // The event log (sensors' queries included), the jobs' executions for the sweep, the sensors' secrets.
  private grantAccess(props: RunLifecycleProps, fn: StepsterFunction): void {
    props.table.grantLifecycleAccess(fn);
    for (const job of props.jobs) job.grantListExecutions(fn);
    if (props.secrets && props.secrets.length > 0) grantSecretsRead([fn], props.secrets);
  }

  private buildStatusChangeRule(
    jobs: readonly StepsterJob[],
    fn: StepsterFunction,
    watchRunStarts: boolean,
  ): events.Rule {
    const target = new targets.LambdaFunction(fn, {
      deadLetterQueue: this.deadLetterQueue,
      retryAttempts: 8,
      maxEventAge: Duration.hours(24),
    });
    return new events.Rule(this, 'StatusChange', {
      description: 'stepster: runs of this stack that ended (or were redriven) → lifecycle function',
      eventPattern: {
        source: ['aws.states'],
        detailType: [EXECUTION_STATUS_CHANGE],
        detail: {
          stateMachineArn: jobs.map((job) => job.stateMachineArn),
          // Ended runs, and redrives (a run start is recorded by its first state; here only for STARTED sensors).
          $or: [
            { status: [...CLOSED_EXECUTION_STATUSES] },
            watchRunStarts ? { status: ['RUNNING'] } : { status: ['RUNNING'], redriveCount: [{ numeric: ['>', 0] }] },
          ],
        },
      },
      targets: [target],
    });
  }

  private buildSweepRule(interval: Duration, fn: StepsterFunction): events.Rule {
    return new events.Rule(this, 'Sweep', {
      description: `stepster: every ${interval.toHumanString()}, record runs whose status event was missed`,
      schedule: events.Schedule.rate(interval),
      targets: [
        new targets.LambdaFunction(fn, {
          event: events.RuleTargetInput.fromObject(SWEEP_EVENT),
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: 2,
          maxEventAge: Duration.minutes(interval.toMinutes()),
        }),
      ],
    });
  }
}
