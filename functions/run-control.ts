// Lambda entry points of a job's run-level functions (STEPSTER_JOB names the job):
// run start, run end and gates, one export each. The Definitions load at the first
// invocation, so a module that throws fails the invocation with a named error.
import { createJobLambdaHandlers } from '../shared/aws/job-lambda-handlers.js';

const handlers = createJobLambdaHandlers({
  definitions: async () => (await import('stepster-definitions')).default,
});

export const runStart = handlers.runStart;
export const runEnd = handlers.runEnd;
export const gate = handlers.gate;
