import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import type { SesIdentity } from '../../shared/notifications/ses-identities.js';

/**
 * Lets each grantee send email through SES from exactly these identities (`ses:SendEmail`, which
 * SES v2 checks for simple and raw messages alike); none: no grant.
 *
 * @example
 * grantSesSend([opFunction], sesIdentitiesOf(definitions.resources, node.op.requiredResourceKeys, values));
 */
export function grantSesSend(
  grantees: readonly (iam.IGrantable & IConstruct)[],
  identities: readonly SesIdentity[],
): iam.Grant[] {
  if (identities.length === 0) return [];
  return grantees.map((grantee) => {
    const stack = Stack.of(grantee);
    const resourceArns = identities.map(({ identity, region }) =>
      stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity, ...(region ? { region } : {}) }),
    );
    return iam.Grant.addToPrincipal({ grantee, actions: ['ses:SendEmail'], resourceArns });
  });
}
