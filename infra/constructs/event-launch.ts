import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from './nag-reasons.js';
import type { StepsterJob } from './stepster-job.js';

/** The `source` of the events that start runs. */
export const LAUNCH_EVENT_SOURCE = 'stepster.launch';
/** The `detail-type` of the events that start runs. */
export const LAUNCH_EVENT_DETAIL_TYPE = 'Run Job';

/** Properties of {@link EventLaunch}. */
export interface EventLaunchProps {
  /** The jobs that events may start. */
  readonly jobs: readonly StepsterJob[];
  /** The stage the events must name (`detail.stage`), so stages in one account do not start each other's runs. */
  readonly stage: string;
  /**
   * The event bus to listen on.
   * @default - the account's default event bus
   */
  readonly eventBus?: events.IEventBus;
  /**
   * What happens to the dead-letter queue when it leaves the stack.
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Starts runs from EventBridge: an event with source `stepster.launch`, detail-type `Run Job`
 * and detail `{ "stage": "<stage>", "job": "<job>", "input": { "runConfig": {...}, "tags": {...} } }`
 * starts the job with `detail.input` as its execution input. One rule per job; one role,
 * allowed to start exactly these jobs; undeliverable events go to a dead-letter queue.
 *
 * @example
 * new EventLaunch(this, 'Launch', { jobs: [...jobs.values()], stage: 'prod' });
 */
export class EventLaunch extends Construct {
  readonly rules: ReadonlyMap<string, events.Rule>;
  readonly role: iam.Role;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: EventLaunchProps) {
    super(scope, id);
    if (props.jobs.length === 0) throw new Error('EventLaunch needs at least one job.');
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
      description: `stepster: EventBridge starts runs of stage ${props.stage} from "${LAUNCH_EVENT_SOURCE}" events`,
    });
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
    });
    acknowledge(
      this.deadLetterQueue,
      'AwsSolutions-SQS3',
      'This queue is itself the dead-letter queue of the launch rules: it keeps the run requests EventBridge could not deliver.',
    );
    const rules = new Map<string, events.Rule>();
    for (const job of props.jobs) {
      const rule = new events.Rule(this, `Rule_${job.job.name}`, {
        description: `stepster: "${LAUNCH_EVENT_DETAIL_TYPE}" events for ${job.job.name} (stage ${props.stage}) start a run`,
        ...(props.eventBus ? { eventBus: props.eventBus } : {}),
        eventPattern: {
          source: [LAUNCH_EVENT_SOURCE],
          detailType: [LAUNCH_EVENT_DETAIL_TYPE],
          detail: { stage: [props.stage], job: [job.job.name] },
        },
      });
      rule.addTarget(
        new targets.SfnStateMachine(job.stateMachine, {
          input: events.RuleTargetInput.fromEventPath('$.detail.input'),
          role: this.role,
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: 8,
          maxEventAge: Duration.hours(24),
        }),
      );
      rules.set(job.job.name, rule);
    }
    this.rules = rules;
  }
}
