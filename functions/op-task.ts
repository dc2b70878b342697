// Lambda entry point of an op function: STEPSTER_JOB and STEPSTER_NODE name the op it runs.
// The Definitions load at the first invocation, not at init: if they throw, the op's crash
// is still recorded (see createOpLambdaHandler) instead of failing init on every retry.
// The bundle holds the user's code; stepster comes from the layer's runtime package, of which
// this entry loads the op attempt only: no run start, run end or compiler.
import { createOpLambdaHandler } from '../shared/aws/op-lambda-handler.js';

export const handler = createOpLambdaHandler({
  definitions: async () => (await import('stepster-definitions')).default,
});
