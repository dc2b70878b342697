import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { type S3IoManagerOptions, s3IoManager, type S3IoManager } from 'stepster';

// s3rver's fixed access key pair: it checks request signatures against it.
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/** A real S3-compatible server (s3rver) on 127.0.0.1, in a temporary directory. */
export interface LocalS3 {
  readonly endpoint: string;
  readonly client: S3Client;
  createBucket(name: string): Promise<void>;
  /** An s3IoManager pointed at this server. */
  ioManager(options: Pick<S3IoManagerOptions, 'bucket' | 'prefix'>): S3IoManager;
  /** An object's text and stepster format metadata. */
  readObject(bucket: string, key: string): Promise<{ text: string; format: string | undefined }>;
  close(): Promise<void>;
}

export async function startLocalS3(): Promise<LocalS3> {
  const directory = await mkdtemp(join(tmpdir(), 'stepster-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: CREDENTIALS });
  return {
    endpoint,
    client,
    createBucket: async (name) => {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    },
    ioManager: (options) =>
      s3IoManager({ ...options, region: 'us-east-1', endpoint, forcePathStyle: true, credentials: CREDENTIALS }),
    readObject: async (bucket, key) => {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return {
        text: (await object.Body?.transformToString('utf8')) ?? '',
        format: object.Metadata?.['stepster-format'],
      };
    },
    close: async () => {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
