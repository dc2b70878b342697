import type { JobDefinition } from '../definitions/job-definition.js';
import { compileGraph, type CompiledStateMachine, type CompileOptions } from './compile-graph.js';
import { type JobGraph, jobGraphOf } from './job-graph.js';

/**
 * Compiles a job into Amazon States Language (JSONPath dialect): one Task per op, full
 * parallelism for any DAG. Pure: no CDK, no I/O. Bad graphs throw, naming the op.
 *
 * @example
 * const { definition, stats } = compileJob(salesJob);
 * console.log(stats.transitionsPerRun);
 */
export function compileJob(job: JobDefinition | JobGraph, options?: CompileOptions): CompiledStateMachine {
  const graph = 'kind' in job ? jobGraphOf(job) : job;
  return compileGraph(graph, options);
}
