/** Releases a waiting `.waitForTaskToken` state (an op's gate). */
export interface TaskTokenSender {
  sendTaskSuccess(token: string): Promise<void>;
}
