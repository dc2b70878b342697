export { DefinitionsLoadFailed, recordCrashWithoutDefinitions } from './definitions-load-failed.js';
export {
  createJobLambdaHandlers,
  type JobLambdaHandlers,
  type JobLambdaHandlersOptions,
  type LambdaInvocationContext,
} from './job-lambda-handlers.js';
export {
  createLifecycleLambdaHandler,
  type LifecycleLambdaHandlerOptions,
  type LifecycleResult,
} from './lifecycle-lambda-handler.js';
export { sfnExecutionLister } from './sfn-execution-lister.js';
export { SfnTaskTokenSender } from './sfn-task-token-sender.js';
