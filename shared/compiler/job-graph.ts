import type { JobDefinition } from '../definitions/job-definition.js';
import type { FanOutOptions } from '../definitions/fan-out-options.js';

/**
 * The compiler's input: a job reduced to what the state machine needs.
 * Built from a JobDefinition by {@link jobGraphOf}; the compiler never sees op bodies.
 */
export interface GraphNode {
  /** Node name, also the Task state's name: the op's name or its alias. */
  readonly name: string;
  /** Distinct names of the upstream nodes this node reads outputs from. */
  readonly upstream: readonly string[];
  /** The op Lambda's timeout; the Task's TimeoutSeconds is derived from it. */
  readonly timeoutSeconds: number;
  /** Called inside `.map(...)`: compiled to a Map state, one iteration per mapping key. */
  readonly mapped?: boolean;
}

export interface JobGraph {
  readonly jobName: string;
  readonly nodes: readonly GraphNode[];
  /** How mapped nodes run (the job's `fanOut`). */
  readonly fanOut?: FanOutOptions;
}

/**
 * The compiler's view of a job: its nodes with their upstream nodes and Lambda timeouts.
 *
 * @example
 * jobGraphOf(salesJob) // → { jobName: 'sales_job', nodes: [{ name: 'fetch_sales', upstream: [], timeoutSeconds: 60 }, …] }
 */
export function jobGraphOf(job: JobDefinition): JobGraph {
  return {
    jobName: job.name,
    ...(job.fanOut ? { fanOut: job.fanOut } : {}),
    nodes: job.nodes.map((n) => ({
      name: n.name,
      upstream: n.upstream,
      timeoutSeconds: n.op.lambda.timeoutSeconds,
      ...(n.mappedInput !== undefined ? { mapped: true } : {}),
    })),
  };
}
