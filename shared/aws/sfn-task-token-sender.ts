import type { SFNClient } from '@aws-sdk/client-sfn';
import type { TaskTokenSender } from '../tasks/task-token-sender.js';
import { clientConfigFromEnvironment } from '../environment/client-config.js';
import type { Environment } from '../environment/environment.js';
import { StepsterEnv } from '../environment/environment-variable.js';

// A gate released twice (by its own registration and by the last upstream op) is normal.
const HARMLESS_ERRORS = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/**
 * Releases a waiting gate (`.waitForTaskToken` state) with Step Functions' SendTaskSuccess.
 * A token that already ran out, finished or is unknown is ignored: whoever comes second
 * after the gate was released finds it so. The SFN client is loaded on the first release,
 * so functions that never release a gate never pay for loading it (about 55 ms cold).
 *
 * @example
 * const tokens = SfnTaskTokenSender.fromEnvironment();
 * const runtime = createJobTasks({ job, store, tokens });
 */
export class SfnTaskTokenSender implements TaskTokenSender {
  /** SendTaskSuccess calls made, ignored errors included. */
  sent = 0;
  private client?: Promise<SFNClient>;

  /** @param client a client, or how to make one when the first gate is released */
  constructor(private readonly clientSource: SFNClient | (() => Promise<SFNClient>)) {}

  /**
   * A sender whose client uses `STEPSTER_SFN_ENDPOINT` when set (tests), else the SDK defaults.
   *
   * @default env process.env
   */
  static fromEnvironment(env: Environment = process.env): SfnTaskTokenSender {
    const config = clientConfigFromEnvironment(StepsterEnv.SFN_ENDPOINT, env);
    return new SfnTaskTokenSender(async () => {
      const { SFNClient } = await import('@aws-sdk/client-sfn');
      return new SFNClient(config);
    });
  }

  async sendTaskSuccess(token: string): Promise<void> {
    this.sent++;
    const source = this.clientSource;
    this.client ??= typeof source === 'function' ? source() : Promise.resolve(source);
    const [client, { SendTaskSuccessCommand }] = await Promise.all([this.client, import('@aws-sdk/client-sfn')]);
    try {
      await client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));
    } catch (error) {
      if (error instanceof Error && HARMLESS_ERRORS.has(error.name)) return;
      throw error;
    }
  }
}
