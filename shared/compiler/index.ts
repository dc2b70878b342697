export type {
  AslBranch,
  AslCatcher,
  AslDefinition,
  AslJsonValue,
  AslParallelState,
  AslPassState,
  AslPayloadTemplate,
  AslRetrier,
  AslState,
  AslTaskState,
  AslTransition,
  AslWaitState,
} from './asl-types.js';
export {
  type CompiledStateMachine,
  type CompileOptions,
  type CompileStats,
  compileGraph,
  STEP_FUNCTIONS_LIMITS,
} from './compile-graph.js';
export { compileJob } from './compile-job.js';
export {
  type EmitOptions,
  type EmittedStateMachine,
  emitStateMachine,
  GATE_TIMEOUT_SECONDS,
  OP_TASK_TIMEOUT_MARGIN_SECONDS,
  opStateNames,
  parallelStateName,
  RETRY_SCHEDULED_ERROR,
  RUN_END_STATE,
  RUN_START_STATE,
  WAIT_FOR_TASK_TOKEN_RESOURCE,
} from './emit-states.js';
export { type GraphNode, type JobGraph, jobGraphOf } from './job-graph.js';
export { LAMBDA_SERVICE_RETRIERS } from './lambda-retriers.js';
export {
  decomposeSeriesParallel,
  dropRedundantGates,
  MAX_PARALLEL_NESTING,
  type SeriesParallelDecomposition,
  type SeriesParallelTree,
} from './series-parallel.js';
export {
  criticalPath,
  type ScheduleInput,
  type SimulatedSchedule,
  simulateSchedule,
} from './simulate-schedule.js';
export { defaultFunctionName, defaultTaskResource, type TaskResourceResolver, type TaskTarget } from './task-target.js';
export { DEFAULT_FUNCTION_PREFIX, functionName } from './task-target.js';
export { TransitiveClosure } from './transitive-closure.js';
export {
  type ValidatedGraph,
  validateGraph,
} from './validate-graph.js';
