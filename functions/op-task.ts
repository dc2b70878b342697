// Lambda entry point of an op function: STEPSTER_JOB and STEPSTER_NODE name the op it runs.
import definitions from 'stepster-definitions';
import { createJobLambdaHandlers } from '../shared/aws/job-lambda-handlers.js';

export const handler = createJobLambdaHandlers({ definitions }).opTask;
