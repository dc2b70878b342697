import type { TaskTokenSender } from '../tasks/task-token-sender.js';

/**
 * Task tokens for local runs: a gate state waits on a promise that `sendTaskSuccess`
 * resolves, standing in for Step Functions' SendTaskSuccess.
 */
export class LocalTaskTokens implements TaskTokenSender {
  private readonly waiting = new Map<string, () => void>();
  private readonly released = new Set<string>();

  /** Resolves once the token is released (at once if it already was). */
  wait(token: string): Promise<void> {
    if (this.released.has(token)) return Promise.resolve();
    return new Promise((resolve) => this.waiting.set(token, resolve));
  }

  async sendTaskSuccess(token: string): Promise<void> {
    this.released.add(token);
    const resolve = this.waiting.get(token);
    if (resolve) {
      this.waiting.delete(token);
      resolve();
    }
  }
}
