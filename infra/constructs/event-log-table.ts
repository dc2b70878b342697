import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { EVENT_TABLE_SCHEMA, EventTableIndex } from '../../shared/event-log/table-schema.js';

/** Properties of {@link EventLogTable}. */
export interface EventLogTableProps {
  /**
   * The table's name. `stepster runs --remote` finds `stepster-<stage>-events` by default.
   * @default - a name CloudFormation generates
   */
  readonly tableName?: string;
  /**
   * What happens to the table (and its events) when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * A customer-managed KMS key to encrypt the table with.
   * @default - the AWS-managed key of DynamoDB (`aws/dynamodb`)
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Point-in-time recovery (restore to any second of the last 35 days).
   * @default true
   */
  readonly pointInTimeRecovery?: boolean;
  /**
   * Refuse `DeleteTable` calls.
   * @default - true when `removalPolicy` is RETAIN, else false
   */
  readonly deletionProtection?: boolean;
}

/** What each stepster function does with the event table (see the grant methods). */
export const EventTableAccess = {
  /**
   * An op attempt (or the record of its crash): read its step context and gates, claim the
   * attempt (a conditional PutItem), write its events, outputs and step state.
   */
  OP: ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:GetItem', 'dynamodb:PutItem'],
  /** An asset step: the latest version or stored value of an upstream, from the byAsset index only. */
  ASSET_LOOKUP: ['dynamodb:Query'],
  /** Run start: write the run item and RUN_START; a re-execution reads its parent's run item and step states (a Query of its items). */
  RUN_START: ['dynamodb:BatchWriteItem', 'dynamodb:GetItem', 'dynamodb:Query'],
  /** Run end: read step states (a Query of the run's items), set the terminal status, write RUN_SUCCESS / RUN_FAILURE. */
  RUN_END: ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'],
  /** A gate: store its task token, read its upstream steps. */
  GATE: ['dynamodb:PutItem', 'dynamodb:BatchGetItem'],
  /** The lifecycle: record run ends, claim sensor firings, and let sensors query the log. */
  LIFECYCLE: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:BatchWriteItem',
  ],
  /** Reading runs and events (`stepster runs --remote`, dashboards). */
  READ: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:DescribeTable'],
} as const;

/**
 * The event log: one DynamoDB table holding runs, events, step states, op outputs and gates,
 * built from `EVENT_TABLE_SCHEMA` (the same constant the embedded local store uses), with
 * on-demand billing, point-in-time recovery and encryption at rest.
 *
 * Grants are per function kind and scoped by action: DynamoDB cannot scope a role to the
 * items of the runs it serves (`dynamodb:LeadingKeys` would need the run id in the policy),
 * and no stepster function may delete items or scan the table.
 *
 * @example
 * const events = new EventLogTable(this, 'Events', { tableName: 'stepster-prod-events', removalPolicy: RemovalPolicy.RETAIN });
 * events.grantOpAccess(opFunction);
 */
export class EventLogTable extends Construct {
  /** The underlying table. */
  readonly table: dynamodb.Table;
  readonly tableName: string;
  readonly tableArn: string;
  /** ARNs of the table's indexes, for Query grants without wildcards. */
  readonly indexArns: readonly string[];
  private readonly encryptionKey?: kms.IKey;

  constructor(scope: Construct, id: string, props: EventLogTableProps = {}) {
    super(scope, id);
    if (props.tableName !== undefined && !/^[A-Za-z0-9_.-]{3,255}$/.test(props.tableName)) {
      throw new Error(
        `EventLogTable tableName "${props.tableName}" is invalid: DynamoDB table names have 3-255 letters, digits, '_', '-' or '.' (e.g. "stepster-prod-events").`,
      );
    }
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const attributeType = (name: string): dynamodb.AttributeType => {
      const found = EVENT_TABLE_SCHEMA.attributes.find((a) => a.name === name);
      return (found?.type ?? 'S') as dynamodb.AttributeType;
    };
    this.table = new dynamodb.Table(this, 'Table', {
      ...(props.tableName !== undefined ? { tableName: props.tableName } : {}),
      partitionKey: {
        name: EVENT_TABLE_SCHEMA.partitionKey.name,
        type: attributeType(EVENT_TABLE_SCHEMA.partitionKey.name),
      },
      sortKey: { name: EVENT_TABLE_SCHEMA.sortKey.name, type: attributeType(EVENT_TABLE_SCHEMA.sortKey.name) },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: props.pointInTimeRecovery ?? true },
      ...(props.encryptionKey
        ? { encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED, encryptionKey: props.encryptionKey }
        : { encryption: dynamodb.TableEncryption.AWS_MANAGED }),
      deletionProtection: props.deletionProtection ?? removalPolicy === RemovalPolicy.RETAIN,
      removalPolicy,
    });
    for (const index of EVENT_TABLE_SCHEMA.localSecondaryIndexes) {
      this.table.addLocalSecondaryIndex({
        indexName: index.indexName,
        sortKey: { name: index.sortKey.name, type: attributeType(index.sortKey.name) },
        projectionType: index.projectionType as dynamodb.ProjectionType,
      });
    }
    for (const index of EVENT_TABLE_SCHEMA.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey.name, type: attributeType(index.partitionKey.name) },
        sortKey: { name: index.sortKey.name, type: attributeType(index.sortKey.name) },
        projectionType: index.projectionType as dynamodb.ProjectionType,
      });
    }
    this.tableName = this.table.tableName;
    this.tableArn = this.table.tableArn;
    this.indexArns = [
      ...EVENT_TABLE_SCHEMA.localSecondaryIndexes.map((i) => i.indexName),
      ...EVENT_TABLE_SCHEMA.globalSecondaryIndexes.map((i) => i.indexName),
    ].map((name) => `${this.tableArn}/index/${name}`);
    if (props.encryptionKey) this.encryptionKey = props.encryptionKey;
  }

  /** What an op's function needs: {@link EventTableAccess.OP}. */
  grantOpAccess(grantee: iam.IGrantable): iam.Grant {
    return this.grantActions(grantee, EventTableAccess.OP);
  }

  /**
   * What an asset step with upstreams needs besides {@link grantOpAccess}: Query on the byAsset
   * index, and nothing else of the table's indexes.
   */
  grantAssetLookup(grantee: iam.IGrantable): iam.Grant {
    const grant = iam.Grant.addToPrincipal({
      grantee,
      actions: [...EventTableAccess.ASSET_LOOKUP],
      resourceArns: [`${this.tableArn}/index/${EventTableIndex.BY_ASSET}`],
    });
    this.encryptionKey?.grantDecrypt(grantee);
    return grant;
  }

  /** What a job's run-start function needs: {@link EventTableAccess.RUN_START}. */
  grantRunStartAccess(grantee: iam.IGrantable): iam.Grant {
    return this.grantActions(grantee, EventTableAccess.RUN_START);
  }

  /** What a job's run-end function needs: {@link EventTableAccess.RUN_END}. */
  grantRunEndAccess(grantee: iam.IGrantable): iam.Grant {
    return this.grantActions(grantee, EventTableAccess.RUN_END);
  }

  /** What a job's gate function needs: {@link EventTableAccess.GATE}. */
  grantGateAccess(grantee: iam.IGrantable): iam.Grant {
    return this.grantActions(grantee, EventTableAccess.GATE);
  }

  /** What the lifecycle function needs, sensors' queries included: {@link EventTableAccess.LIFECYCLE}. */
  grantLifecycleAccess(grantee: iam.IGrantable): iam.Grant {
    return this.grantActions(grantee, EventTableAccess.LIFECYCLE, { indexes: true });
  }

  /** Read-only access to runs and events: {@link EventTableAccess.READ}. */
  grantReadEvents(grantee: iam.IGrantable): iam.Grant {
    return this.grantActions(grantee, EventTableAccess.READ, { indexes: true });
  }

  /**
   * Grants `actions` on the table (and, with `indexes`, on its indexes), plus use of the
   * table's customer-managed key when it has one.
   *
   * @default options.indexes false
   */
  grantActions(
    grantee: iam.IGrantable,
    actions: readonly string[],
    options: { readonly indexes?: boolean } = {},
  ): iam.Grant {
    if (actions.length === 0 || actions.some((action) => !action.startsWith('dynamodb:'))) {
      throw new Error(
        `EventLogTable.grantActions: actions ${JSON.stringify(actions)} must be non-empty DynamoDB actions like "dynamodb:GetItem".`,
      );
    }
    const resourceArns = options.indexes ? [this.tableArn, ...this.indexArns] : [this.tableArn];
    const grant = iam.Grant.addToPrincipal({ grantee, actions: [...actions], resourceArns });
    if (this.encryptionKey) {
      const writes = actions.some((a) => /Write|Put|Update/.test(a));
      if (writes) this.encryptionKey.grantEncryptDecrypt(grantee);
      else this.encryptionKey.grantDecrypt(grantee);
    }
    return grant;
  }
}
