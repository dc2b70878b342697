export { In, type InputDefinition } from './in.js';
export { Out, DEFAULT_OUTPUT_NAME, type OutputDefinition } from './out.js';
export {
  op,
  assertValidNodeName,
  type OpDefinition,
  type AnyOpDefinition,
  type OpOptions,
  type OpLambdaOptions,
  type OpBody,
  type InputsOf,
} from './op-definition.js';
export { OutputHandle } from './output-handle.js';
export { buildGraph, type NodeSpec } from './graph-builder.js';
export { JobDefinition, type JobOptions } from './job-definition.js';
export { graph, job, GraphDefinition } from './graph-definition.js';
export { Definitions, type DefinitionsOptions, type NamedDefinition, type StageOptions } from './definitions.js';
export { OpExecutionContext, type RunInfo, type LoggedEvent } from './op-execution-context.js';
export type { OpLog } from './op-log.js';
export { buildOpContext, type CapturedLog } from './build-op-context.js';
export { normalizeTags, SYSTEM_TAG_PREFIX, SystemTag } from './run-tags.js';
export { LambdaLimits } from './lambda-limits.js';
export { DefinitionsLoadError } from './definitions-load-error.js';
export { DEFAULT_DEFINITIONS_FILE, type LoadDefinitionsOptions, loadDefinitions } from './load-definitions.js';
