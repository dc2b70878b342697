export { In, type InputDefinition } from './in.js';
export { Out, DEFAULT_OUTPUT_NAME, type OutputDefinition } from './out.js';
export {
  assertValidDefinitionName,
  DEFINITION_NAME_MAX_LENGTH,
  DEFINITION_NAME_PATTERN,
  type DefinitionNameOptions,
  isValidDefinitionName,
} from './definition-name.js';
export { op, type OpOptions } from './op-definition.js';
export type {
  AnyOpDefinition,
  InputsOf,
  OpBody,
  OpDefinition,
  OpLambdaOptions,
} from './op-definition-type.js';
export { OutputHandle } from './output-handle.js';
export { buildGraph, type NodeSpec } from './graph-builder.js';
export { JobDefinition, type JobOptions } from './job-definition.js';
export { graph, job, GraphDefinition } from './graph-definition.js';
export { Definitions, type DefinitionsOptions, type NamedDefinition, type StageOptions } from './definitions.js';
export { OpExecutionContext, type RunInfo, type LoggedEvent } from './op-execution-context.js';
export type { OpLog } from './op-log.js';
export { buildOpContext, type CapturedLog } from './build-op-context.js';
export type { ExecutionInput, RunConfig } from './run-config.js';
export { normalizeTags, SYSTEM_TAG_PREFIX, SystemTag } from './run-tags.js';
export { LambdaLimits } from './lambda-limits.js';
export { DefinitionsLoadError } from './definitions-load-error.js';
export { DEFAULT_DEFINITIONS_FILE, type LoadDefinitionsOptions, loadDefinitions } from './load-definitions.js';
