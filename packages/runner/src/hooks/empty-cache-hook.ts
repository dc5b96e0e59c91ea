import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { tf } from '@eng/tensor-gpu';
import { z } from 'zod';
import { Hook } from './hook';

export interface EmptyCacheHookOptions {
  /** Release the cache before each epoch (default false). */
  before_epoch?: boolean;
  /** Release the cache after each epoch (default true). */
  after_epoch?: boolean;
  /** Release the cache after each iteration (default false). */
  after_iter?: boolean;
}

const shape = {
  before_epoch: z.boolean().optional(),
  after_epoch: z.boolean().optional(),
  after_iter: z.boolean().optional(),
} satisfies ShapeOf<EmptyCacheHookOptions>;

/** What one release freed. */
export interface CacheRelease {
  /** The backend's name (`tf.getBackend()`). */
  backend: string;
  /** Bytes of device memory given back (0 where the backend keeps no pool). */
  releasedBytes: number;
}

// The shapes of the pools tfjs's GPU backends keep (tfjs-backend-webgl's TextureManager, tfjs-backend-webgpu's
// BufferManager), read by duck typing so no GPU backend package is needed; only free (unused) entries are touched.
interface WebGLTexturePool {
  freeTextures: Record<string, Array<{ texture: unknown }>> | null;
  gpgpu: { deleteMatrixTexture(texture: unknown): void };
  numFreeTextures: number;
  _numBytesAllocated: number;
  _numBytesFree: number;
}

interface WebGPUBufferPool {
  freeBuffers: Map<string, Array<{ destroy(): void }>>;
  numFreeBuffers: number;
  numBytesAllocated: number;
}

function isWebGLPool(value: unknown): value is WebGLTexturePool {
  const pool = value as Partial<WebGLTexturePool> | null | undefined;
  return (
    typeof pool === 'object' &&
    pool !== null &&
    typeof pool.freeTextures === 'object' &&
    typeof pool.gpgpu?.deleteMatrixTexture === 'function' &&
    typeof pool._numBytesAllocated === 'number' &&
    typeof pool._numBytesFree === 'number'
  );
}

function isWebGPUPool(value: unknown): value is WebGPUBufferPool {
  const pool = value as Partial<WebGPUBufferPool> | null | undefined;
  return (
    typeof pool === 'object' &&
    pool !== null &&
    pool.freeBuffers instanceof Map &&
    typeof pool.numBytesAllocated === 'number'
  );
}

function releaseWebGLTextures(pool: WebGLTexturePool): number {
  if (pool.freeTextures === null) return 0; // the backend was disposed
  const released = pool._numBytesFree;
  for (const list of Object.values(pool.freeTextures)) {
    for (const entry of list) pool.gpgpu.deleteMatrixTexture(entry.texture);
    list.length = 0;
  }
  pool._numBytesAllocated -= released;
  pool._numBytesFree = 0;
  pool.numFreeTextures = 0;
  return released;
}

function releaseWebGPUBuffers(pool: WebGPUBufferPool): number {
  let released = 0;
  for (const [key, list] of pool.freeBuffers) {
    // The pool's key is `${size}_${usage}`.
    const size = Number.parseInt(key, 10);
    for (const buffer of list) {
      buffer.destroy();
      if (Number.isFinite(size)) released += size;
    }
    // Empty each list but keep the keys: the pool skips its bookkeeping once the map itself is empty.
    list.length = 0;
  }
  pool.numBytesAllocated -= released;
  pool.numFreeBuffers = 0;
  return released;
}

/**
 * Gives back the device memory a tfjs backend keeps pooled for reuse: the free textures of WebGL, the free buffers
 * of WebGPU. Tensors are never disposed and scopes never touched: only memory no tensor uses is released. The CPU,
 * WASM and Node backends keep no such pool (WASM's heap can only grow), so there it frees nothing.
 */
export function releaseBackendCache(backend: unknown = tf.engine().backend): CacheRelease {
  const name = tf.getBackend() ?? 'none';
  const b = backend as { textureManager?: unknown; bufferManager?: unknown } | null;
  let releasedBytes = 0;
  if (isWebGLPool(b?.textureManager)) releasedBytes += releaseWebGLTextures(b.textureManager);
  if (isWebGPUPool(b?.bufferManager)) releasedBytes += releaseWebGPUBuffers(b.bufferManager);
  return { backend: name, releasedBytes };
}

/**
 * MMEngine's `EmptyCacheHook` (priority NORMAL): where MMEngine calls `torch.cuda.empty_cache()`, this releases the
 * GPU memory TensorFlow.js keeps pooled (WebGL's free textures, WebGPU's free buffers) after each epoch, and
 * optionally before each epoch and after each iteration, in training, validation and test alike. Tensors still in
 * use are never touched. On the CPU, WASM and Node backends there is no pool to empty and it does nothing.
 *
 * @example
 * const runner = new Runner({ ...parts, custom_hooks: [{ type: 'EmptyCacheHook', after_iter: true }] });
 */
export class EmptyCacheHook extends Hook {
  static readonly optionsSchema = optionsSchema<EmptyCacheHookOptions>(shape);
  override priority: Hook['priority'] = 'NORMAL';

  private readonly _doBeforeEpoch: boolean;
  private readonly _doAfterEpoch: boolean;
  private readonly _doAfterIter: boolean;

  constructor(options: EmptyCacheHookOptions = {}) {
    super();
    this._doBeforeEpoch = options.before_epoch ?? false;
    this._doAfterEpoch = options.after_epoch ?? true;
    this._doAfterIter = options.after_iter ?? false;
  }

  /** Releases the backend's pooled memory (what the hook points call). */
  emptyCache(): CacheRelease {
    return releaseBackendCache();
  }

  protected override _afterIter(): void {
    if (this._doAfterIter) this.emptyCache();
  }

  protected override _beforeEpoch(): void {
    if (this._doBeforeEpoch) this.emptyCache();
  }

  protected override _afterEpoch(): void {
    if (this._doAfterEpoch) this.emptyCache();
  }
}
