/** @packageDocumentation Storage backends (local, memory, HTTP, LMDB) with atomic writes, and load/dump by file format. */
export {};
