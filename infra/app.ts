// The CDK app (cdk.json: "npx tsx infra/app.ts"): `-c definitions=<module>`, `-c stage=<name>`,
// `-c logLevel=<Lambda level>` and `-c logsKmsKeyArn=<key ARN>`.
import { App } from 'aws-cdk-lib';
import { DEFAULT_DEFINITIONS_FILE } from '../shared/definitions/load-definitions.js';
import { createStepsterApp, DEFAULT_STAGE } from './stepster-app.js';

const app = new App();
const context = (key: string, fallback: string): string => {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value.length > 0 ? value : fallback;
};
await createStepsterApp({
  app,
  stage: context('stage', DEFAULT_STAGE),
  definitionsFile: context('definitions', DEFAULT_DEFINITIONS_FILE),
  ...(context('logLevel', '') ? { logLevel: context('logLevel', '') } : {}),
  ...(context('logsKmsKeyArn', '') ? { logsKmsKeyArn: context('logsKmsKeyArn', '') } : {}),
});
