// TensorboardVisBackend cross-checked by Python: test/fixtures/read_tfevents.py builds tensorflow.Event and the
// summary messages from descriptor protos with TensorFlow's field numbers, checks every record's CRCs with the
// crc32c module, and prints the events as JSON, compared here with what was written.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TensorboardVisBackend } from '../src/index';

const PYTHON = '/usr/bin/python3';
const script = fileURLToPath(new URL('./fixtures/read_tfevents.py', import.meta.url));
const probe = spawnSync(
  PYTHON,
  ['-c', 'import google.protobuf.descriptor_pb2, google.protobuf.message_factory, crc32c'],
  {
    encoding: 'utf8',
  },
);
const available = probe.status === 0;
if (!available) {
  console.warn(
    `tensorboard-python: skipped, ${PYTHON} cannot import google.protobuf and crc32c ` +
      '(install the Debian packages python3-protobuf, protobuf-compiler, python3-crc32c)',
  );
}

const dir = mkdtempSync(join(tmpdir(), 'eng-tb-py-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface PyEvent {
  wall_time: number;
  step: number;
  file_version?: string;
  values?: Record<string, unknown>[];
}

function readWithPython(file: string): { records: number; events: PyEvent[] } {
  const result = spawnSync(PYTHON, [script, file], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`read_tfevents.py failed (${result.status}):\n${result.stderr}`);
  return JSON.parse(result.stdout);
}

describe('TensorBoard event files read by Python protobuf', () => {
  it.skipIf(!available)('decode with every CRC valid and every field where TensorFlow puts it', async () => {
    const tb = new TensorboardVisBackend({ save_dir: dir, max_queue: 2 });
    const t0 = Date.now() / 1000;
    await tb.addScalars({ loss: 0.5, 'val/acc': 0.75 }, 1);
    await tb.addScalar('lr', 0.125, 2);
    await tb.addScalar('huge_step', -1, 2 ** 40);
    await tb.addImage('img', { data: new Uint8Array(6 * 2).fill(9), width: 6, height: 2, channels: 1 }, 3);
    await tb.addConfig({ a: 1 });
    await tb.addHistogram('h', [1, 2, 3, 4], 5, { bins: 2 });
    await tb.addHistogram('tf', [0.5, -0.5], 6);
    await tb.close();
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    const { records, events } = readWithPython(join(dir, files[0] as string));
    expect(records).toBe(9);
    const [first, ...rest] = events as [PyEvent, ...PyEvent[]];
    expect(first.file_version).toBe('brain.Event:2');
    expect(first.wall_time).toBeGreaterThanOrEqual(t0 - 1);
    const summaries = rest.map((e) => ({ step: e.step, values: e.values }));
    expect(summaries.slice(0, 4)).toEqual([
      { step: 1, values: [{ tag: 'loss', kind: 'simple_value', simple_value: 0.5 }] },
      { step: 1, values: [{ tag: 'val/acc', kind: 'simple_value', simple_value: 0.75 }] },
      { step: 2, values: [{ tag: 'lr', kind: 'simple_value', simple_value: 0.125 }] },
      { step: 2 ** 40, values: [{ tag: 'huge_step', kind: 'simple_value', simple_value: -1 }] },
    ]);
    expect(summaries[4]).toEqual({
      step: 3,
      values: [
        {
          tag: 'img',
          kind: 'image',
          image: {
            height: 2,
            width: 6,
            colorspace: 4,
            png_signature: [137, 80, 78, 71, 13, 10, 26, 10],
            png_ihdr_size: [6, 2],
          },
        },
      ],
    });
    expect(summaries[5]).toEqual({
      step: 0,
      values: [
        {
          tag: 'config/text_summary',
          kind: 'tensor',
          tensor: { dtype: 7, dims: [1], string_val: [JSON.stringify({ a: 1 }, null, 2)] },
          plugin_name: 'text',
          plugin_content: [],
        },
      ],
    });
    expect(summaries[6]).toEqual({
      step: 5,
      values: [
        {
          tag: 'h',
          kind: 'histo',
          histo: { min: 1, max: 4, num: 4, sum: 10, sum_squares: 30, bucket_limit: [2.5, 4], bucket: [2, 2] },
        },
      ],
    });
    type Histo = { bucket: number[]; bucket_limit: number[]; num: number };
    const tfHisto = (summaries[7]?.values ?? [])[0]?.['histo'] as Histo;
    expect(tfHisto.num).toBe(2);
    expect(tfHisto.bucket.reduce((s, c) => s + c, 0)).toBe(2);
    expect(tfHisto.bucket_limit.at(-1)).toBe(Number.MAX_VALUE);
  });
});
