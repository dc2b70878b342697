// EventLogTable on its own (Template.fromStack): removal, encryption, and the grants each
// function kind gets.
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { describe, expect, it } from 'vitest';
import { EventLogTable, EventTableAccess } from '../../infra/constructs/event-log-table.js';
import { EVENT_TABLE_SCHEMA } from '../../shared/event-log/table-schema.js';
import { actionsOfRole, statementsOfRole } from './support/iam-statements.js';

const lambdaRole = (stack: Stack, id: string) =>
  new iam.Role(stack, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });

describe('event table', () => {
  it('is retained, with deletion protection, when its removal policy is RETAIN (stage prod)', () => {
    // Prepare
    const stack = new Stack();

    // Act
    new EventLogTable(stack, 'Events', { tableName: 'stepster-prod-events', removalPolicy: RemovalPolicy.RETAIN });

    // Assess
    Template.fromStack(stack).hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
    });
  });

  it('returns an iam.Grant scoped to the table for each function kind', () => {
    // Prepare
    const stack = new Stack();
    const table = new EventLogTable(stack, 'Events');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });

    // Act
    const grant = table.grantOpAccess(role);

    // Assess
    expect(grant.success).toBe(true);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: [...EventTableAccess.OP].sort(),
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EventsTable'), 'Arn'] },
          },
        ],
      },
    });
  });

  it('lets readers query the table and every index, and nothing else', () => {
    // Prepare
    const stack = new Stack();
    const table = new EventLogTable(stack, 'Events');
    const reader = lambdaRole(stack, 'Reader');
    const indexes = EVENT_TABLE_SCHEMA.localSecondaryIndexes.length + EVENT_TABLE_SCHEMA.globalSecondaryIndexes.length;

    // Act
    table.grantReadEvents(reader);

    // Assess
    const template = Template.fromStack(stack);
    expect(actionsOfRole(template, 'Reader')).toEqual([...EventTableAccess.READ].sort());
    const [statement] = statementsOfRole(template, 'Reader');
    expect(statement?.Resource).toHaveLength(1 + indexes);
  });

  it('is encrypted with a customer-managed key when given one, which writers may use to encrypt and readers to decrypt', () => {
    // Prepare
    const stack = new Stack();
    const key = new kms.Key(stack, 'Key');
    const table = new EventLogTable(stack, 'Events', { encryptionKey: key });
    const [writer, reader] = [lambdaRole(stack, 'Writer'), lambdaRole(stack, 'Reader')];

    // Act
    table.grantRunStartAccess(writer);
    table.grantReadEvents(reader);

    // Assess
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
    });
    expect(actionsOfRole(template, 'Writer')).toEqual(expect.arrayContaining(['kms:Encrypt', 'kms:Decrypt']));
    expect(actionsOfRole(template, 'Reader')).toContain('kms:Decrypt');
    expect(actionsOfRole(template, 'Reader')).not.toContain('kms:Encrypt');
  });
});

describe('event table validation', () => {
  it('fails when the event table name is not a DynamoDB name', () => {
    // Prepare
    const stack = new Stack();

    // Act
    const act = () => new EventLogTable(stack, 'Events', { tableName: 'x' });

    // Assess
    expect(act).toThrow('EventLogTable tableName "x" is invalid');
  });

  it('fails when a grant names an action that is not DynamoDB’s', () => {
    // Prepare
    const stack = new Stack();
    const table = new EventLogTable(stack, 'Events');

    // Act
    const act = () => table.grantActions(lambdaRole(stack, 'Role'), ['s3:GetObject']);

    // Assess
    expect(act).toThrow('EventLogTable.grantActions: actions ["s3:GetObject"] must be non-empty DynamoDB actions');
  });
});
