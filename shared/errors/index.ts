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
