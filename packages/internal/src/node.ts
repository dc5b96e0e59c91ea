/** @packageDocumentation The Node-only helpers (file system). */
export {
  temporaryPathFor,
  type WriteFileAtomicSyncOptions,
  writeFileAtomicSync,
} from './atomic/write-file-atomic-sync';
