import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';

/**
 * Lets a state machine run its Distributed Map states (`fanOut: { mode: 'DISTRIBUTED' }`): a
 * Distributed Map starts each item as a child execution of the same state machine, then
 * describes and, when the Map fails or is stopped, stops them. The ARNs are built from the
 * name, not read from the state machine, so its role's policy does not depend on it (a cycle).
 *
 * @example
 * grantDistributedMap(stateMachine, 'stepster-prod-fan_job');
 */
export function grantDistributedMap(stateMachine: sfn.StateMachine, stateMachineName: string): void {
  const stack = Stack.of(stateMachine);
  const machineArn = stack.formatArn({
    service: 'states',
    resource: 'stateMachine',
    resourceName: stateMachineName,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  // Child executions are named `<state machine>/<map run label>:<id>`.
  const childArns = stack.formatArn({
    service: 'states',
    resource: 'execution',
    resourceName: `${stateMachineName}/*`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  stateMachine.addToRolePolicy(
    new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [machineArn] }),
  );
  stateMachine.addToRolePolicy(
    new iam.PolicyStatement({ actions: ['states:DescribeExecution', 'states:StopExecution'], resources: [childArns] }),
  );
}
