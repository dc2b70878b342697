import { Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges a cdk-nag finding on a construct (and what it contains), with the reason it is
 * acceptable. Every acknowledgement in stepster goes through here so each carries a reason.
 *
 * @example
 * acknowledge(queue, 'AwsSolutions-SQS3', 'This queue is itself the dead-letter queue of the lifecycle rules.');
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  if (reason.trim().length < 20) throw new Error(`acknowledging ${id}: give a real reason (got "${reason}")`);
  Validations.of(scope).acknowledge({ id, reason });
}

/** The construct holding a grantee's policy (a function's role, or the grantee itself). */
export function policyHolder(grantee: iam.IGrantable): IConstruct | undefined {
  const principal = grantee.grantPrincipal as unknown as IConstruct;
  return typeof (principal as { node?: unknown }).node === 'object' ? principal : undefined;
}

/** `states:SendTaskSuccess` on `*`: task tokens of state machines cannot be scoped by resource. */
export function suppressTaskTokenWildcard(_grant: iam.Grant, grantee: iam.IGrantable): void {
  const holder = policyHolder(grantee);
  if (!holder) return;
  acknowledge(
    holder,
    'AwsSolutions-IAM5[Resource::*]',
    'states:SendTaskSuccess supports no resource-level permission for task tokens of state machines; the grant is limited to this one action, on the functions that release a gate of their own job.',
  );
}

/** The `*` CDK grants a state machine's role for execution logs (log delivery) and X-Ray. */
export function acknowledgeExecutionLoggingAndTracing(stateMachine: IConstruct): void {
  acknowledge(
    stateMachine,
    'AwsSolutions-IAM5[Resource::*]',
    'Execution logging (logs:CreateLogDelivery and the other log-delivery actions) and X-Ray tracing (xray:PutTraceSegments, ...) support no resource-level permissions; the wildcard covers only these actions, which CDK adds for logging level ALL and tracing.',
  );
}

/** The `*` CDK grants a function's role for X-Ray (`xray:PutTraceSegments`, `xray:PutTelemetryRecords`). */
export function acknowledgeFunctionTracing(role: IConstruct): void {
  acknowledge(
    role,
    'AwsSolutions-IAM5[Resource::*]',
    'X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions; CDK grants only these two actions on the wildcard.',
  );
}

/**
 * `logs:CreateLogStream` on `log-group:<name>:*` and `logs:PutLogEvents` on
 * `log-group:<name>:log-stream:*`: a CloudWatch logger names its stream per run, so the
 * streams cannot be listed; the wildcard stays inside the one group the logger writes to.
 */
export function acknowledgeLoggerStreams(grantee: iam.IGrantable, logGroupName: string, loggerName: string): void {
  const holder = policyHolder(grantee);
  if (!holder) return;
  const arn = `arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:${logGroupName}`;
  const reason = `CloudWatch logger "${loggerName}" creates one stream per run (named at run time) in log group ${logGroupName}; the wildcard covers only that group's streams, and only CreateLogStream and PutLogEvents.`;
  acknowledge(holder, `AwsSolutions-IAM5[Resource::${arn}:*]`, reason);
  acknowledge(holder, `AwsSolutions-IAM5[Resource::${arn}:log-stream:*]`, reason);
}
