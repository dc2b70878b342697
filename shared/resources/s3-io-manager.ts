import { GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { StepsterEnv } from '../environment/environment-variable.js';
import { errorMessage } from '../errors/error-message.js';
import { decodeOutputValue, encodeOutputValue, OutputValueFormat } from '../event-log/output-value-codec.js';
import { type EnvVarReference, isEnvVar } from './env-var.js';
import type { IoManager, OutputAddress } from './io-manager.js';
import { IoManagerError } from './io-manager-error.js';

/**
 * The bucket the CDK app creates for the stage (encrypted, private, expiring): pass it as
 * `s3IoManager({ bucket: S3_IO_MANAGER_BUCKET })` and each deployed op function finds its name
 * in `STEPSTER_IO_BUCKET`, with rights on its own steps' objects only.
 */
export const S3_IO_MANAGER_BUCKET = 'stepster:stage-bucket';

/** Options of {@link s3IoManager}. */
export interface S3IoManagerOptions {
  /**
   * The bucket, or {@link S3_IO_MANAGER_BUCKET} for the one the CDK app makes per stage, or
   * `EnvVar('DATA_BUCKET')` to read its name from the environment (a bucket per stage of your
   * own): read when the first output is stored or loaded; on AWS `cdk synth` reads it (or
   * `-c env.DATA_BUCKET=...`), sets it on the functions that store or load through this
   * manager, and grants each of them its own objects in that bucket.
   */
  readonly bucket: string | EnvVarReference;
  /** Key prefix under which `<runId>/<step>/<output>` is written. @default 'stepster' */
  readonly prefix?: string;
  /** @default the SDK's (AWS_REGION), else 'us-east-1' */
  readonly region?: string;
  /** An S3-compatible endpoint (MinIO, s3rver, LocalStack), e.g. `http://127.0.0.1:9000`. @default AWS S3 */
  readonly endpoint?: string;
  /** Path-style addressing (`endpoint/bucket/key`), which most S3-compatible servers need. @default false */
  readonly forcePathStyle?: boolean;
  /** Static credentials, e.g. for a local server. @default the SDK's credential chain */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

// Object metadata naming the codec's format: a reader needs it to tell JSON from devalue text.
const FORMAT_METADATA = 'stepster-format';
const DEFAULT_PREFIX = 'stepster';

/**
 * Stores op outputs as S3 objects, `s3://<bucket>/<prefix>/<runId>/<step>/<output>`, written
 * with the event log's exact codec: NaN, Map, Set, Date, BigInt, Buffer... read back exactly.
 * The event log keeps only the object's URI. Give it as resource `io_manager` (every output)
 * or under another key named by `Out({ ioManagerKey })`.
 *
 * @example
 * new Definitions({ jobs: [etl], resources: { io_manager: s3IoManager({ bucket: 'my-data', prefix: 'etl' }) } });
 * // on AWS, the stage's bucket that the CDK app creates:
 * s3IoManager({ bucket: S3_IO_MANAGER_BUCKET });
 */
export function s3IoManager(options: S3IoManagerOptions): S3IoManager {
  return new S3IoManager(options);
}

/** The S3 IO manager; build it with {@link s3IoManager}. */
export class S3IoManager implements IoManager {
  readonly options: S3IoManagerOptions;
  private client: S3Client | undefined;

  constructor(options: S3IoManagerOptions) {
    if (!isEnvVar(options.bucket) && (typeof options.bucket !== 'string' || options.bucket === '')) {
      throw new IoManagerError(
        "s3IoManager({ bucket }) needs a bucket name, EnvVar('DATA_BUCKET') to read it from the environment, or S3_IO_MANAGER_BUCKET for the stage bucket the CDK app creates",
      );
    }
    this.options = Object.freeze({ ...options });
  }

  /** Whether this manager means the stage's bucket that the CDK app creates. */
  get usesStageBucket(): boolean {
    return this.options.bucket === S3_IO_MANAGER_BUCKET;
  }

  /** The environment variable that names the bucket, when `bucket` is an `EnvVar`. */
  get bucketEnvVar(): EnvVarReference | undefined {
    return isEnvVar(this.options.bucket) ? this.options.bucket : undefined;
  }

  /** The key prefix, without slashes at either end. */
  get prefix(): string {
    return (this.options.prefix ?? DEFAULT_PREFIX).replace(/^\/+|\/+$/g, '');
  }

  /** Where an output goes: `s3://bucket/prefix/<runId>/<step>/<output>`. */
  uriFor(address: OutputAddress): string {
    const key = [this.prefix, address.runId, address.step, address.output].filter((part) => part !== '').join('/');
    return `s3://${this.bucketName()}/${key}`;
  }

  async handleOutput(address: OutputAddress, value: unknown): Promise<string> {
    const uri = this.uriFor(address);
    const encoding = encodeOutputValue(value);
    if (!encoding.ok) {
      // The op task checks outputs before storing them; this guards direct callers.
      throw new IoManagerError(`output "${address.output}" of step "${address.step}" cannot be stored exactly`);
    }
    const { bucket, key } = parseS3Uri(uri);
    try {
      await this.s3().send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: encoding.encoded.text,
          ContentType: encoding.encoded.format === OutputValueFormat.JSON ? 'application/json' : 'text/plain',
          Metadata: { [FORMAT_METADATA]: encoding.encoded.format },
        }),
      );
    } catch (error) {
      throw s3Failure(error, `writing output "${address.output}" of step "${address.step}" to ${uri}`, bucket);
    }
    return uri;
  }

  async loadInput(uri: string): Promise<unknown> {
    const { bucket, key } = parseS3Uri(uri);
    let text: string;
    let format: string | undefined;
    try {
      const object = await this.s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      text = (await object.Body?.transformToString('utf8')) ?? '';
      format = object.Metadata?.[FORMAT_METADATA];
    } catch (error) {
      throw s3Failure(error, `reading ${uri}`, bucket);
    }
    if (format !== OutputValueFormat.JSON && format !== OutputValueFormat.DEVALUE) {
      throw new IoManagerError(
        `${uri} has no "${FORMAT_METADATA}" metadata of stepster's (found ${format === undefined ? 'none' : `"${format}"`}): it was not written by s3IoManager; re-run the step that produces it`,
      );
    }
    try {
      return decodeOutputValue({ format, text });
    } catch (error) {
      throw new IoManagerError(
        `${uri} is not valid ${format} text (${errorMessage(error)}): re-run the step that produces it`,
        {
          cause: error,
        },
      );
    }
  }

  private bucketName(): string {
    const { bucket } = this.options;
    if (isEnvVar(bucket)) {
      const name = process.env[bucket.name];
      if (name === undefined || name === '') {
        throw new IoManagerError(
          `s3IoManager({ bucket: EnvVar('${bucket.name}') }) reads the bucket name from ${bucket.name}, which is not set here: export ${bucket.name}=<bucket> (on AWS, set it where cdk synth/deploy runs, or pass -c env.${bucket.name}=<bucket>)`,
        );
      }
      return name;
    }
    if (!this.usesStageBucket) return bucket;
    const name = process.env[StepsterEnv.IO_BUCKET];
    if (name === undefined || name === '') {
      throw new IoManagerError(
        `s3IoManager({ bucket: S3_IO_MANAGER_BUCKET }) means the stage bucket the CDK app creates and names in ${StepsterEnv.IO_BUCKET}, which is not set here: deploy with the CDK app, or name a bucket, s3IoManager({ bucket: 'my-bucket' })`,
      );
    }
    return name;
  }

  private s3(): S3Client {
    this.client ??= new S3Client({
      region: this.options.region ?? process.env.AWS_REGION ?? 'us-east-1',
      ...(this.options.endpoint !== undefined ? { endpoint: this.options.endpoint } : {}),
      ...(this.options.forcePathStyle !== undefined ? { forcePathStyle: this.options.forcePathStyle } : {}),
      ...(this.options.credentials !== undefined ? { credentials: { ...this.options.credentials } } : {}),
    });
    return this.client;
  }
}

/** Bucket and key of `s3://bucket/key`. */
export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (match?.[1] === undefined || match[2] === undefined) {
    throw new IoManagerError(
      `"${uri}" is not an S3 URI (s3://bucket/key): the output reference is damaged; re-run the step`,
    );
  }
  return { bucket: match[1], key: match[2] };
}

/** An S3 error as a sentence naming the bucket or object and the fix. */
function s3Failure(error: unknown, doing: string, bucket: string): IoManagerError {
  const code = error instanceof S3ServiceException ? error.name : undefined;
  const fix =
    code === 'NoSuchBucket'
      ? `bucket "${bucket}" does not exist: create it, or set s3IoManager({ bucket }) to an existing bucket`
      : code === 'NoSuchKey'
        ? 'the object is gone (deleted, or expired by the bucket lifecycle rule): re-run the step that produces it'
        : code === 'AccessDenied' || code === 'InvalidAccessKeyId' || code === 'SignatureDoesNotMatch'
          ? `access to bucket "${bucket}" was denied (${code}): give the function s3:PutObject/s3:GetObject on it, or check credentials`
          : `${errorMessage(error)}: check s3IoManager({ bucket, region, endpoint })`;
  return new IoManagerError(`S3 IO manager failed ${doing}: ${fix}`, { cause: error });
}
