// Lambda entry point of the lifecycle function: execution status changes and the sweep.
import definitions from 'stepster-definitions';
import { createLifecycleLambdaHandler } from '../shared/aws/lifecycle-lambda-handler.js';

export const handler = createLifecycleLambdaHandler({ definitions });
