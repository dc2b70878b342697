import { createServer } from 'node:http';
import { StepsterEnv } from '../../shared/environment/environment-variable.js';

/**
 * A protocol double of Secrets Manager's GetSecretValue on 127.0.0.1 (Secrets Manager has no
 * local implementation), which the real SDK client reaches through `STEPSTER_SECRETS_ENDPOINT`.
 */
export interface SecretsManagerDouble {
  /** GetSecretValue requests answered so far. */
  readonly requests: number;
  close(): Promise<void>;
}

export async function startSecretsManagerDouble(
  secrets: Readonly<Record<string, string>>,
): Promise<SecretsManagerDouble> {
  let requests = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      requests++;
      const { SecretId } = JSON.parse(body) as { SecretId: string };
      const value = secrets[SecretId];
      res.writeHead(value === undefined ? 400 : 200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(
        JSON.stringify(
          value === undefined
            ? { __type: 'ResourceNotFoundException', Message: "Secrets Manager can't find the specified secret." }
            : {
                ARN: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${SecretId}-AbCdEf`,
                Name: SecretId,
                SecretString: value,
              },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env[StepsterEnv.SECRETS_ENDPOINT] = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    get requests() {
      return requests;
    },
    close: async () => {
      delete process.env[StepsterEnv.SECRETS_ENDPOINT];
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
