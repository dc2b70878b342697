export { DefinitionError } from './definition-error.js';
export { describeValue } from './describe-value.js';
export { errorMessage } from './error-message.js';
export { MetadataError } from './metadata-error.js';
export { formatPropertyPath } from './property-path.js';
export { isRetryRequested, RetryRequested, type RetryRequestedOptions } from './retry-requested.js';
export { RunConfigError } from './run-config-error.js';
export { type SerializedError, serializeError } from './serialized-error.js';
export { StepsterError, type StepsterErrorOptions } from './stepster-error.js';
export { TypeCheckError, type TypeCheckTarget } from './type-check-error.js';
export {
  formatValidationIssues,
  type ValidationIssue,
  validationIssuesFromZod,
  type ZodIssueSource,
} from './validation-issue.js';
export {
  errorFittingLambdaReport,
  type LambdaErrorReport,
  lambdaErrorReport,
  STEP_FUNCTIONS_CAUSE_MAX_LENGTH,
  STEP_FUNCTIONS_ERROR_MAX_LENGTH,
  withErrorsFittingLambdaReport,
} from './lambda-error-report.js';
export { jsonBytes, shortenJson } from './shorten-json.js';
export { shortenText, shortenTextToSize, truncationMarker } from './shorten-text.js';
export { UnstorableOutputError } from './unstorable-output-error.js';
