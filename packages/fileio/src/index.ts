/** @packageDocumentation Storage backends (local, memory, HTTP, LMDB) with atomic writes, and load/dump by file format. */
export {
  type AtomicWriteOptions,
  type DataChunk,
  type DataSource,
  type WriteFileAtomicSyncOptions,
  writeFileAtomic,
  writeFileAtomicSync,
} from './atomic';
export {
  BaseStorageBackend,
  type ByteStream,
  type ListDirOrFileOptions,
  type StorageBackend,
  type StorageBackendClass,
  type TextOptions,
} from './backends/base';
export { HttpBackend, type HttpBackendArgs } from './backends/http';
export { LmdbBackend, type LmdbBackendArgs } from './backends/lmdb';
export { LocalBackend } from './backends/local';
export { MemoryBackend } from './backends/memory';
export { FileIOError, type FileIOErrorCode, type FileIOErrorOptions, HttpError } from './errors';
export { BaseFileHandler, type FileHandler, type HandlerOptions } from './handlers/base';
export { JsonHandler } from './handlers/json';
export { JsonlHandler } from './handlers/jsonl';
export { getHandler, listFileFormats, registerHandler } from './handlers/registry';
export { TextHandler } from './handlers/text';
export { YamlHandler } from './handlers/yaml';
export {
  copyfile,
  copyfileFromLocal,
  copyfileToLocal,
  copyIfSymlinkFails,
  copytree,
  copytreeFromLocal,
  copytreeToLocal,
  DirListing,
  exists,
  get,
  getLocalPath,
  getStream,
  getText,
  type IOOptions,
  isDir,
  isFile,
  joinPath,
  listDirOrFile,
  put,
  putText,
  remove,
  rmtree,
  type TextIOOptions,
} from './io';
export { type DumpOptions, dump, type LoadOptions, load } from './load-dump';
export {
  type DictFromFileOptions,
  dictFromFile,
  type KeyType,
  type ListFromFileOptions,
  listFromFile,
} from './parse';
export {
  type BackendArgs,
  type GetFileBackendOptions,
  getFileBackend,
  listBackends,
  type RegisterBackendOptions,
  registerBackend,
  resetBackendInstances,
} from './registry';
