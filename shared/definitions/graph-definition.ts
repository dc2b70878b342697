import { buildGraph, type NodeSpec } from './graph-builder.js';
import { JobDefinition, type JobOptions } from './job-definition.js';
import { assertValidDefinitionName } from './definition-name.js';

/** A reusable wiring of ops; `toJob` makes jobs from it (e.g. one per environment). */
export class GraphDefinition {
  readonly kind = 'graph' as const;
  readonly nodes: readonly NodeSpec[];

  constructor(
    readonly name: string,
    readonly description: string | undefined,
    body: () => unknown,
  ) {
    assertValidDefinitionName(name, 'graph');
    this.nodes = buildGraph(name, body);
  }

  /**
   * Builds a job from this graph, like Dagster's `GraphDefinition.to_job`.
   *
   * @example
   * const localLogs = helloLogs.toJob({ name: 'local_logs', loggerDefs: { console: coloredConsoleLogger } });
   * const prodLogs = helloLogs.toJob({ name: 'prod_logs', loggerDefs: { cloudwatch: cloudwatchLogger } });
   */
  toJob(options: Partial<JobOptions> = {}): JobDefinition {
    return new JobDefinition(
      { ...options, name: options.name ?? this.name, description: options.description ?? this.description },
      this.nodes,
    );
  }
}

/**
 * Defines a graph of ops, like Dagster's `@graph`.
 *
 * @example
 * const helloLogs = graph({ name: 'hello_logs' }, () => { logOp(); });
 */
export function graph(options: { name: string; description?: string }, body: () => unknown): GraphDefinition {
  return new GraphDefinition(options.name, options.description, body);
}

/**
 * Defines a job, like Dagster's `@job`: the body wires ops by calling them.
 *
 * @example
 * export const salesJob = job({ name: 'sales_job', tags: { team: 'data' } }, () => {
 *   transform(fetchSales());
 * });
 */
export function job(options: JobOptions, body: () => unknown): JobDefinition {
  assertValidDefinitionName(options?.name, 'job');
  return new JobDefinition(options, buildGraph(options.name, body));
}
