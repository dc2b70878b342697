import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { backfillMachineDefinition } from '../../shared/compiler/backfill-machine.js';
import { acknowledge, acknowledgeExecutionLoggingAndTracing } from './nag-reasons.js';
import type { StepsterJob } from './stepster-job.js';

/** Properties of {@link StepsterBackfill}. */
export interface StepsterBackfillProps {
  /** The partitioned jobs it may backfill (only these state machines may be started). */
  readonly jobs: readonly StepsterJob[];
  /** The state machine's name (`backfillStateMachineName(stage)`). */
  readonly name: string;
  /** @default logs.RetentionDays.TWO_WEEKS */
  readonly logRetention?: logs.RetentionDays;
  /** @default RemovalPolicy.DESTROY */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A stage's backfill state machine (Standard, as a Distributed Map needs): one run per
 * partition, each started with `startExecution.sync:2` of the job's state machine. Its role may
 * start and follow executions of the given jobs only, run its own map's child executions, and
 * manage the EventBridge rule Step Functions uses to follow `.sync` executions.
 *
 * @example
 * new StepsterBackfill(this, 'Backfill', { jobs: [dailySalesJob], name: backfillStateMachineName('prod') });
 */
export class StepsterBackfill extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: StepsterBackfillProps) {
    super(scope, id);
    if (props.jobs.length === 0)
      throw new Error('StepsterBackfill needs at least one partitioned job; omit it otherwise.');
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.DESTROY;
    const stack = Stack.of(this);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${props.name}`,
      retention: props.logRetention ?? logs.RetentionDays.TWO_WEEKS,
      removalPolicy,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: props.name,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromString(JSON.stringify(backfillMachineDefinition())),
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
      removalPolicy,
    });
    acknowledgeExecutionLoggingAndTracing(this.stateMachine);

    const executionsOf = (machineName: string) =>
      stack.formatArn({
        service: 'states',
        resource: 'execution',
        resourceName: `${machineName}:*`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
    const self = stack.formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: props.name,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const role = this.stateMachine;
    for (const job of props.jobs) job.grantStartExecution(role);
    role.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'FollowPartitionRuns',
        actions: ['states:DescribeExecution', 'states:StopExecution'],
        resources: props.jobs.map((job) => executionsOf(job.stateMachineName)),
      }),
    );
    // A Distributed Map runs its items as child executions of this very state machine.
    role.addToRolePolicy(
      new iam.PolicyStatement({ sid: 'RunMapItems', actions: ['states:StartExecution'], resources: [self] }),
    );
    role.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'FollowMapItems',
        actions: ['states:DescribeExecution', 'states:StopExecution'],
        resources: [
          stack.formatArn({
            service: 'states',
            resource: 'execution',
            resourceName: `${props.name}/*`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
    role.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'SyncExecutionRule',
        actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
        resources: [
          stack.formatArn({
            service: 'events',
            resource: 'rule',
            resourceName: 'StepFunctionsGetEventsForStepFunctionsExecutionRule',
          }),
        ],
      }),
    );
    const executionArn = (name: string) =>
      `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${name}`;
    for (const job of props.jobs) {
      acknowledge(
        this.stateMachine,
        `AwsSolutions-IAM5[Resource::${executionArn(job.stateMachineName)}:*]`,
        `The backfill names each run of job "${job.job.name}" at run time (<backfillId>-<index>); DescribeExecution and StopExecution (what startExecution.sync needs to follow a run) reach only that job's executions.`,
      );
    }
    acknowledge(
      this.stateMachine,
      `AwsSolutions-IAM5[Resource::${executionArn(props.name)}/*]`,
      'A Distributed Map runs its items as child executions named by Step Functions (<machine>/<map run>:<id>); the wildcard stays inside this backfill state machine.',
    );
  }
}
