/** @packageDocumentation The Node-only helpers (file system). */
export {
  temporaryPathFor,
  type WriteFileAtomicSyncOptions,
  writeFileAtomicSync,
} from './atomic/write-file-atomic-sync';
export { removeStaleTemporaries, resetStaleTemporarySweeps } from './atomic/stale-temporaries';
export { makeDirectorySync, realMkdirError } from './atomic/real-mkdir-error';
