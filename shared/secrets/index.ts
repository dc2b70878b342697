export { findSecrets } from './find-secrets.js';
export {
  type SecretFetcher,
  type SecretOptions,
  SecretReference,
  secret,
  setSecretFetcher,
} from './secret-reference.js';
