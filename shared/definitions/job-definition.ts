import { DefinitionError } from '../errors/definition-error.js';
import { errorMessage } from '../errors/error-message.js';
import type { LoggerDefinition } from '../loggers/logger-definition.js';
import { normalizeMetadata, type RawMetadata } from '../metadata/normalize-metadata.js';
import type { TypedMetadata } from '../metadata/typed-metadata.js';
import type { RetryPolicy } from '../retry/retry-policy.js';
import { assertValidDefinitionName } from './definition-name.js';
import type { NodeSpec } from './graph-builder.js';
import type { PartitionsDefinition } from './partitions/partitions-definition.js';
import { nodeOfStepKey } from './mapped-step-key.js';
import type { FanOutOptions } from './fan-out-options.js';
import type { LoadedAssetSource } from './loaded-asset-source.js';
import { normalizeTags } from './run-tags.js';

/** Options shared by `job(...)` and `graph.toJob(...)`. */
export interface JobOptions {
  /** Unique job name: letters, digits and underscores. */
  readonly name: string;
  readonly description?: string;
  /** Tags attached to every run of this job (Dagster's job tags). */
  readonly tags?: Record<string, unknown>;
  /** Information about the job itself (owner, docs URL, git hash...), Dagster's job metadata. */
  readonly metadata?: RawMetadata;
  /**
   * Loggers for this job's runs, by name. They apply without being named in run config.
   * @default the Definitions' default loggers, else colored console locally and JSON in Lambda
   */
  readonly loggerDefs?: Record<string, LoggerDefinition>;
  /** Retry policy for every op that has none of its own. */
  readonly opRetryPolicy?: RetryPolicy;
  /**
   * The job's partitions: each run then takes one `partitionKey` (`context.partitionKey`).
   * @default unpartitioned
   * @example
   * job({ name: 'daily_sales', partitionsDef: new DailyPartitionsDefinition({ startDate: '2026-01-01' }) }, body)
   */
  readonly partitionsDef?: PartitionsDefinition;
  /**
   * How mapped ops (`.map(...)`) run on Step Functions.
   * @default { mode: 'INLINE', maxConcurrency: 40 }
   */
  readonly fanOut?: FanOutOptions;
}

/** A job: a graph of ops plus run-level settings. Compiled to one state machine. */
export class JobDefinition {
  readonly kind = 'job' as const;
  readonly name: string;
  readonly description?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly metadata: TypedMetadata;
  readonly loggerDefs?: Readonly<Record<string, LoggerDefinition>>;
  readonly opRetryPolicy?: RetryPolicy;
  readonly partitionsDef?: PartitionsDefinition;
  readonly fanOut?: FanOutOptions;
  readonly nodes: readonly NodeSpec[];
  /**
   * An asset job's upstream assets that its steps load but it does not run (key → the step and
   * output that store them), for the grants on their objects. Empty for other jobs.
   */
  readonly loadedAssetSources: Readonly<Record<string, LoadedAssetSource>>;
  private readonly byName: ReadonlyMap<string, NodeSpec>;

  constructor(
    options: JobOptions,
    nodes: readonly NodeSpec[],
    loadedAssetSources: Readonly<Record<string, LoadedAssetSource>> = {},
  ) {
    assertValidDefinitionName(options?.name, 'job');
    this.name = options.name;
    if (options.description !== undefined) this.description = options.description;
    this.tags = Object.freeze(
      normalizeTags(options.tags, { kind: 'definition', path: `job "${options.name}" tags`, subject: options.name }),
    );
    try {
      this.metadata = normalizeMetadata(options.metadata, `job "${options.name}"`);
    } catch (error) {
      throw new DefinitionError(errorMessage(error), { subject: options.name, cause: error });
    }
    if (options.loggerDefs !== undefined) this.loggerDefs = Object.freeze({ ...options.loggerDefs });
    if (options.opRetryPolicy !== undefined) this.opRetryPolicy = options.opRetryPolicy;
    if (options.partitionsDef !== undefined) {
      // Checked by shape: a runtime import would put every partitions class in every op bundle.
      if (typeof (options.partitionsDef as Partial<PartitionsDefinition>)?.problemWith !== 'function') {
        throw new DefinitionError(
          `job "${options.name}" partitionsDef must be a partitions definition, e.g. new DailyPartitionsDefinition({ startDate: '2026-01-01' }).`,
          { subject: options.name },
        );
      }
      this.partitionsDef = options.partitionsDef;
    }
    if (options.fanOut !== undefined) this.fanOut = Object.freeze({ ...options.fanOut });
    this.nodes = Object.freeze([...nodes]);
    this.loadedAssetSources = Object.freeze({ ...loadedAssetSources });
    this.byName = new Map(nodes.map((n) => [n.name, n]));
  }

  /** The node (op use) called `name`; a mapped step's key (`process[a]`) names its node. */
  node(name: string): NodeSpec {
    const found = this.byName.get(nodeOfStepKey(name));
    if (!found) {
      throw new DefinitionError(
        `job "${this.name}" has no op "${name}". Its ops are: ${[...this.byName.keys()].join(', ')}.`,
        { subject: name },
      );
    }
    return found;
  }

  hasNode(name: string): boolean {
    return this.byName.has(nodeOfStepKey(name));
  }

  /** Retry policy precedence: call site, then the op's, then the job's `opRetryPolicy`. */
  retryPolicyFor(nodeName: string): RetryPolicy | undefined {
    const node = this.node(nodeName);
    return node.callSiteRetryPolicy ?? node.op.retryPolicy ?? this.opRetryPolicy;
  }

  /** Nodes that read an output of `nodeName`. */
  downstreamOf(nodeName: string): NodeSpec[] {
    return this.nodes.filter((n) => n.upstream.includes(nodeName));
  }
}
