import { describe, expect, it } from 'vitest';
import { initBackend } from '../src/backend/init-backend';
import { deviceInfo, formatDeviceInfo } from '../src/device-info';
import { tf } from '../src/tf';

describe('deviceInfo', () => {
  it('names the backend, its threads and SIMD, and the memory in use', async () => {
    await initBackend({ prefer: ['wasm'], log: () => {} });
    const t = tf.ones([256]);
    const info = deviceInfo();
    expect(info.backend).toBe('wasm');
    expect(info.threads).toBeGreaterThanOrEqual(1);
    expect(typeof info.simd).toBe('boolean');
    expect(info.numTensors).toBeGreaterThanOrEqual(1);
    expect(info.numBytes).toBeGreaterThanOrEqual(1024);
    expect(info.platform).toBe('node');
    expect(formatDeviceInfo(info)).toMatch(/^backend wasm \(\d+ threads?, (SIMD|no SIMD)\) · \d+ tensors, [\d.]+ MB$/);
    t.dispose();
    await tf.setBackend('cpu');
    expect(deviceInfo()).toMatchObject({ backend: 'cpu', threads: 1, simd: undefined });
  });
});
