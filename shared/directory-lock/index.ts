export {
  acquireDirectoryLock,
  type DirectoryLock,
  type DirectoryLockHolder,
  type DirectoryLockResult,
  type WithDirectoryLockOptions,
  withDirectoryLock,
} from './directory-lock.js';
export { DirectoryLockTimeoutError } from './directory-lock-timeout-error.js';
