// Reads the IAM statements a template grants, by the role (or policy) they are attached to.
import type { Template } from 'aws-cdk-lib/assertions';

/** One statement of an IAM policy, as CloudFormation holds it. */
export interface IamStatement {
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Effect: string;
  readonly Condition?: unknown;
}

/** The statements of the policies attached to roles whose logical id starts with `rolePrefix`. */
export function statementsOfRole(template: Template, rolePrefix: string): IamStatement[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref.startsWith(rolePrefix)))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as IamStatement[]);
}

/** The actions those statements allow, sorted. */
export function actionsOfRole(template: Template, rolePrefix: string): string[] {
  return statementsOfRole(template, rolePrefix)
    .flatMap((statement) => [statement.Action].flat())
    .sort();
}

/** Every statement of the template, with the logical id of its policy. */
export function allStatements(template: Template): { policy: string; statement: IamStatement }[] {
  return Object.entries(template.findResources('AWS::IAM::Policy')).flatMap(([policy, resource]) =>
    (resource.Properties.PolicyDocument.Statement as IamStatement[]).map((statement) => ({ policy, statement })),
  );
}
