// What a role of a deployed template may do: the Allow statements of the policies attached to it
// (in the role's own stack), with their resources resolved to ARNs, so that a call the harness
// saw (action and ARN) is checked as IAM would check it, wildcards included.
import { resolveIntrinsics } from './cfn-intrinsics.js';
import type { DeployedStack } from './cloud-assembly-stacks.js';

/** An identity of the template: a role, by its logical id in its stack. */
export interface RolePrincipal {
  readonly stackPath: string;
  readonly roleLogicalId: string;
}

interface AllowStatement {
  readonly actions: readonly string[];
  /** The statement's resources as template JSON (unresolved), one per entry. */
  readonly resources: readonly unknown[];
  /** The statement's `Resource` as written. */
  readonly written: unknown;
}

function allowStatements(stack: DeployedStack, roleLogicalId: string): AllowStatement[] {
  const statements: AllowStatement[] = [];
  for (const resource of Object.values(stack.template.Resources)) {
    if (resource.Type !== 'AWS::IAM::Policy') continue;
    const roles = (resource.Properties?.Roles ?? []) as { Ref?: string }[];
    if (!roles.some((role) => role.Ref === roleLogicalId)) continue;
    const document = resource.Properties?.PolicyDocument as
      | { Statement?: { Action: string | string[]; Resource: unknown; Effect: string }[] }
      | undefined;
    for (const statement of document?.Statement ?? []) {
      if (statement.Effect !== 'Allow') continue;
      statements.push({
        actions: [statement.Action].flat(),
        resources: [statement.Resource].flat(),
        written: statement.Resource,
      });
    }
  }
  return statements;
}

/** The IAM actions the role allows, with the resources of each statement (as template JSON). */
export function allowedActionsOf(stack: DeployedStack, roleLogicalId: string): Map<string, string[]> {
  const allowed = new Map<string, string[]>();
  for (const statement of allowStatements(stack, roleLogicalId)) {
    const resources = JSON.stringify(statement.written);
    for (const action of statement.actions) allowed.set(action, [...(allowed.get(action) ?? []), resources]);
  }
  return allowed;
}

/** IAM's pattern matching for actions and resource ARNs: `*` a run of characters (maybe empty), `?` one. */
function matches(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

/**
 * Whether the role allows `action` on the resource `arn`: some Allow statement names the action
 * (actions match case-insensitively, as IAM's do) and a resource whose resolved ARN matches.
 *
 * @example
 * roleAllows(stack, 'BigStateMachineRole1234', 'states:StartExecution', childArn); // true
 */
export function roleAllows(stack: DeployedStack, roleLogicalId: string, action: string, arn: string): boolean {
  return allowStatements(stack, roleLogicalId).some(
    (statement) =>
      statement.actions.some((pattern) => matches(pattern, action, true)) &&
      statement.resources.some((resource) => {
        const resolved = resolveIntrinsics(resource, stack.deployment);
        return typeof resolved === 'string' && matches(resolved, arn, false);
      }),
  );
}
