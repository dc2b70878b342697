import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import type { TaskTokenSender } from '../executor/task-token-sender.js';
import { AwsEnvironment, clientConfigFromEnvironment, type Environment } from './aws-environment.js';

// A gate released twice (by its own registration and by the last upstream op) is normal.
const HARMLESS_ERRORS = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/**
 * Releases a waiting gate (`.waitForTaskToken` state) with Step Functions' SendTaskSuccess.
 * A token that already ran out, finished or is unknown is ignored: whoever comes second
 * after the gate was released finds it so.
 *
 * @example
 * const tokens = SfnTaskTokenSender.fromEnvironment();
 * const runtime = createJobRuntime({ job, store, tokens });
 */
export class SfnTaskTokenSender implements TaskTokenSender {
  /** SendTaskSuccess calls made, ignored errors included. */
  sent = 0;

  constructor(readonly client: SFNClient) {}

  /**
   * A sender whose client uses `STEPSTER_SFN_ENDPOINT` when set (tests), else the SDK defaults.
   *
   * @default env process.env
   */
  static fromEnvironment(env: Environment = process.env): SfnTaskTokenSender {
    return new SfnTaskTokenSender(new SFNClient(clientConfigFromEnvironment(AwsEnvironment.SFN_ENDPOINT, env)));
  }

  async sendTaskSuccess(token: string): Promise<void> {
    this.sent++;
    try {
      await this.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));
    } catch (error) {
      if (error instanceof Error && HARMLESS_ERRORS.has(error.name)) return;
      throw error;
    }
  }
}
