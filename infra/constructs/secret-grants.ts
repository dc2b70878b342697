import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { SecretReference } from '../../shared/secrets/secret-reference.js';
import { acknowledge, policyHolder } from './nag-reasons.js';

/** The ARN pattern of a secret given by name (Secrets Manager appends `-` and 6 random characters) or by ARN. */
export function secretArnPattern(stack: Stack, secret: SecretReference): string {
  if (secret.secretName.startsWith('arn:')) return secret.secretName;
  return stack.formatArn({
    service: 'secretsmanager',
    resource: 'secret',
    resourceName: `${secret.secretName}-??????`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/**
 * Lets each grantee read exactly these secrets (`secretsmanager:GetSecretValue`), and
 * acknowledges the `-??????` suffix wildcard that secret names need.
 *
 * @example
 * grantSecretsRead([opFunction], findSecrets(definitions.resources));
 */
export function grantSecretsRead(
  grantees: readonly iam.IGrantable[],
  secrets: readonly SecretReference[],
): iam.Grant[] {
  const grants: iam.Grant[] = [];
  for (const grantee of grantees) {
    const holder = policyHolder(grantee);
    const stack = Stack.of(holder ?? (grantee as unknown as import('constructs').IConstruct));
    const arns = secrets.map((secret) => secretArnPattern(stack, secret));
    grants.push(iam.Grant.addToPrincipal({ grantee, actions: ['secretsmanager:GetSecretValue'], resourceArns: arns }));
    if (!holder) continue;
    for (const secret of secrets) {
      if (secret.secretName.startsWith('arn:')) continue;
      acknowledge(
        holder,
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${secret.secretName}-??????]`,
        `Secrets Manager appends "-" and six random characters to every secret ARN; "-??????" matches only that suffix of the secret "${secret.secretName}" the Definitions name.`,
      );
    }
  }
  return grants;
}
