// Lambda entry points of a job's run-level functions (STEPSTER_JOB names the job):
// run start, run end and gates, one export each.
import definitions from 'stepster-definitions';
import { createJobLambdaHandlers } from '../shared/aws/job-lambda-handlers.js';

const handlers = createJobLambdaHandlers({ definitions });

export const runStart = handlers.runStart;
export const runEnd = handlers.runEnd;
export const gate = handlers.gate;
