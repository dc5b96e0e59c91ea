// TensorboardVisBackend: the event files are read back by a reader written here from the TFRecord and protobuf
// specs (its own CRC-32C and varint decoding; neither the production encoder nor @bufbuild): every record's two CRCs,
// the file_version event first, tags, steps, simple_values, the PNG pixels, the text plugin's tensor, histograms;
// buffering and flushing, and a "crash" (no close) leaving a file that decodes fully.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transformer } from '@napi-rs/image';
import { get } from '@eng/fileio';
import { VISBACKENDS } from '@eng/registry';
import { initBackend, tf } from '@eng/tensor-gpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TensorboardVisBackend, VisualizationError, Visualizer } from '../src/index';

// ---- an independent reader ----------------------------------------------------------------------------------------

/** CRC-32C (Castagnoli), bit by bit: reflected polynomial 0x82f63b78. */
function crc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function masked(crc: number): number {
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) % 2 ** 32;
}

/** The records of a TFRecord file; throws on a bad CRC or a truncated record. */
function readRecords(file: Uint8Array): Uint8Array[] {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const records: Uint8Array[] = [];
  let at = 0;
  while (at < file.length) {
    if (at + 12 > file.length) throw new Error(`truncated header at ${at}`);
    const length = Number(view.getBigUint64(at, true));
    if (view.getUint32(at + 8, true) !== masked(crc32c(file.subarray(at, at + 8)))) {
      throw new Error(`bad length CRC at ${at}`);
    }
    const start = at + 12;
    if (start + length + 4 > file.length) throw new Error(`truncated record at ${at}`);
    const data = file.subarray(start, start + length);
    if (view.getUint32(start + length, true) !== masked(crc32c(data))) throw new Error(`bad data CRC at ${at}`);
    records.push(data);
    at = start + length + 4;
  }
  return records;
}

type Field = { wire: 0; value: bigint } | { wire: 1 | 5; value: DataView } | { wire: 2; value: Uint8Array };

/** A protobuf message as its fields, by number, in order. */
function fields(bytes: Uint8Array): Map<number, Field[]> {
  const out = new Map<number, Field[]>();
  let at = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = bytes[at++];
      if (byte === undefined) throw new Error('truncated varint');
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (at < bytes.length) {
    const key = Number(varint());
    const number = key >>> 3;
    const wire = key & 7;
    let field: Field;
    if (wire === 0) field = { wire, value: varint() };
    else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      field = { wire, value: new DataView(bytes.buffer, bytes.byteOffset + at, size) };
      at += size;
    } else if (wire === 2) {
      const length = Number(varint());
      field = { wire, value: bytes.subarray(at, at + length) };
      at += length;
    } else throw new Error(`unexpected wire type ${wire}`);
    if (at > bytes.length) throw new Error('truncated field');
    const list = out.get(number) ?? [];
    list.push(field);
    out.set(number, list);
  }
  return out;
}

function one(msg: Map<number, Field[]>, n: number): Field | undefined {
  const list = msg.get(n);
  if (list !== undefined && list.length > 1) throw new Error(`field ${n} repeated`);
  return list?.[0];
}
const double = (f: Field | undefined) => (f === undefined ? 0 : (f.value as DataView).getFloat64(0, true));
const float = (f: Field | undefined) => (f === undefined ? 0 : (f.value as DataView).getFloat32(0, true));
const int = (f: Field | undefined) => (f === undefined ? 0 : Number(BigInt.asIntN(64, f.value as bigint)));
const bytesOf = (f: Field | undefined) => (f === undefined ? new Uint8Array(0) : (f.value as Uint8Array));
const text = (f: Field | undefined) => new TextDecoder().decode(bytesOf(f));
function packedDoubles(f: Field | undefined): number[] {
  const b = bytesOf(f);
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return Array.from({ length: b.length / 8 }, (_, i) => view.getFloat64(i * 8, true));
}

interface ReadValue {
  tag: string;
  simpleValue?: number;
  image?: { height: number; width: number; colorspace: number; png: Uint8Array };
  histo?: {
    min: number;
    max: number;
    num: number;
    sum: number;
    sumSquares: number;
    bucketLimit: number[];
    bucket: number[];
  };
  pluginName?: string;
  pluginContent?: Uint8Array;
  tensor?: { dtype: number; dims: number[]; strings: string[] };
}
interface ReadEvent {
  wallTime: number;
  step: number;
  fileVersion?: string;
  values?: ReadValue[];
}

// Field numbers of TensorFlow's event.proto / summary.proto / tensor.proto / tensor_shape.proto.
function readValue(bytes: Uint8Array): ReadValue {
  const m = fields(bytes);
  const value: ReadValue = { tag: text(one(m, 1)) };
  if (m.has(2)) value.simpleValue = float(one(m, 2));
  if (m.has(4)) {
    const im = fields(bytesOf(one(m, 4)));
    value.image = {
      height: int(one(im, 1)),
      width: int(one(im, 2)),
      colorspace: int(one(im, 3)),
      png: bytesOf(one(im, 4)),
    };
  }
  if (m.has(5)) {
    const h = fields(bytesOf(one(m, 5)));
    value.histo = {
      min: double(one(h, 1)),
      max: double(one(h, 2)),
      num: double(one(h, 3)),
      sum: double(one(h, 4)),
      sumSquares: double(one(h, 5)),
      bucketLimit: packedDoubles(one(h, 6)),
      bucket: packedDoubles(one(h, 7)),
    };
  }
  if (m.has(9)) {
    const plugin = fields(bytesOf(one(fields(bytesOf(one(m, 9))), 1)));
    value.pluginName = text(one(plugin, 1));
    value.pluginContent = bytesOf(one(plugin, 2));
  }
  if (m.has(8)) {
    const t = fields(bytesOf(one(m, 8)));
    const shape = fields(bytesOf(one(t, 2)));
    value.tensor = {
      dtype: int(one(t, 1)),
      dims: (shape.get(2) ?? []).map((d) => int(one(fields(d.value as Uint8Array), 1))),
      strings: (t.get(8) ?? []).map((s) => new TextDecoder().decode(s.value as Uint8Array)),
    };
  }
  return value;
}

function readEvent(bytes: Uint8Array): ReadEvent {
  const m = fields(bytes);
  const event: ReadEvent = { wallTime: double(one(m, 1)), step: int(one(m, 2)) };
  if (m.has(3)) event.fileVersion = text(one(m, 3));
  if (m.has(5)) event.values = (fields(bytesOf(one(m, 5))).get(1) ?? []).map((v) => readValue(v.value as Uint8Array));
  return event;
}

/** The events of a file, checking that the first is the file-version event and that no other is. */
function readEvents(file: Uint8Array): ReadEvent[] {
  const events = readRecords(file).map(readEvent);
  expect(events[0]?.fileVersion).toBe('brain.Event:2');
  expect(events[0]?.values).toBeUndefined();
  for (const e of events.slice(1)) expect(e.fileVersion).toBeUndefined();
  // Wall times are taken at each call, in call order: they never go back.
  for (let i = 1; i < events.length; i++) {
    expect(events[i]?.wallTime).toBeGreaterThanOrEqual(events[i - 1]?.wallTime as number);
  }
  return events.slice(1);
}

/** `[tag, step, simple_value]` of every scalar value. */
function scalars(events: ReadEvent[]): [string, number, number][] {
  return events.flatMap((e) =>
    (e.values ?? []).filter((v) => v.simpleValue !== undefined).map((v) => [v.tag, e.step, v.simpleValue as number]),
  ) as [string, number, number][];
}

function eventFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.includes('tfevents'));
}

function onlyEventFile(dir: string): Uint8Array {
  const files = eventFiles(dir);
  expect(files).toHaveLength(1);
  return new Uint8Array(readFileSync(join(dir, files[0] as string)));
}

// ---- the tests ----------------------------------------------------------------------------------------------------

const root = mkdtempSync(join(tmpdir(), 'eng-tb-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(async () => {
  await initBackend({ prefer: ['cpu'] });
});
let n = 0;
const fresh = () => join(root, `run${n++}`);

describe('the reader itself', () => {
  it('knows CRC-32C and rejects a flipped byte', async () => {
    // RFC 3720's check value of CRC-32C.
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    const dir = fresh();
    const tb = new TensorboardVisBackend({ save_dir: dir });
    await tb.addScalar('loss', 1, 1);
    await tb.close();
    const file = onlyEventFile(dir);
    expect(() => readRecords(file)).not.toThrow();
    const broken = file.slice();
    broken[broken.length - 6] = (broken[broken.length - 6] as number) ^ 1;
    expect(() => readRecords(broken)).toThrow(/bad data CRC/);
    const badLength = file.slice();
    badLength[0] = (badLength[0] as number) ^ 1;
    expect(() => readRecords(badLength)).toThrow(/bad length CRC/);
  });
});

describe('TensorboardVisBackend', () => {
  it('is registered and names its file as TensorBoard does, under save_dir', async () => {
    const dir = fresh();
    const tb = VISBACKENDS.build({ type: 'TensorboardVisBackend', save_dir: dir });
    expect(tb).toBeInstanceOf(TensorboardVisBackend);
    const before = Math.floor(Date.now() / 1000);
    await tb.addScalar('x', 1, 0);
    await tb.close();
    const [name] = eventFiles(dir);
    const match = /^events\.out\.tfevents\.(\d{10})\.(.+)\.(\d+)\.(\d+)$/.exec(name as string);
    expect(match).not.toBeNull();
    const [, secs, host, pid] = match as unknown as string[];
    expect(Number(secs)).toBeGreaterThanOrEqual(before);
    expect(Number(secs)).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(host).toBe(hostname());
    expect(Number(pid)).toBe(process.pid);
  });

  it('writes scalars as simple_values with tags, steps and wall times', async () => {
    const dir = fresh();
    const tb = new TensorboardVisBackend({ save_dir: dir });
    const t0 = Date.now() / 1000;
    await tb.addScalar('loss', 0.25, 3);
    await tb.addScalars({ 'val/acc': 0.875, lr: [0.001], zero: 0 }, 7, 'ignored.json');
    await tb.addScalar('t', tf.scalar(-2.5), 12345678901);
    await tb.addScalar('nan', Number.NaN, 8);
    await tb.close();
    const events = readEvents(onlyEventFile(dir));
    const got = scalars(events);
    expect(got.slice(0, 5)).toEqual([
      ['loss', 3, 0.25],
      ['val/acc', 7, 0.875],
      ['lr', 7, Math.fround(0.001)],
      ['zero', 7, 0],
      ['t', 12345678901, -2.5],
    ]);
    expect(got[5]?.[0]).toBe('nan');
    expect(got[5]?.[2]).toBeNaN();
    for (const e of events) {
      expect(e.wallTime).toBeGreaterThanOrEqual(t0 - 1);
      expect(e.wallTime).toBeLessThanOrEqual(Date.now() / 1000 + 1);
    }
  });

  it('writes images as PNGs in Summary.Image that decode to the pixels', async () => {
    const dir = fresh();
    const tb = new TensorboardVisBackend({ save_dir: dir });
    const data = new Uint8Array(5 * 3 * 3);
    for (let i = 0; i < data.length; i++) data[i] = (i * 37) % 256;
    await tb.addImage('demo', { data, width: 5, height: 3, channels: 3 }, 2);
    await tb.close();
    const [event] = readEvents(onlyEventFile(dir));
    expect(event?.step).toBe(2);
    const value = event?.values?.[0];
    expect(value?.tag).toBe('demo');
    const image = value?.image as NonNullable<ReadValue['image']>;
    expect([image.width, image.height, image.colorspace]).toEqual([5, 3, 4]);
    expect(Array.from(image.png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const ihdr = new DataView(image.png.buffer, image.png.byteOffset + 16, 8);
    expect([ihdr.getUint32(0), ihdr.getUint32(4)]).toEqual([5, 3]);
    const rgba = await new Transformer(image.png).rawPixels();
    for (let p = 0; p < 15; p++) {
      expect([rgba[p * 4], rgba[p * 4 + 1], rgba[p * 4 + 2], rgba[p * 4 + 3]]).toEqual([
        data[p * 3],
        data[p * 3 + 1],
        data[p * 3 + 2],
        255,
      ]);
    }
  });

  it('writes the config through the text plugin, as add_text does', async () => {
    const dir = fresh();
    const tb = new TensorboardVisBackend({ save_dir: dir });
    await tb.addConfig({ model: { type: 'Net', depth: 2 }, lr: 0.1 });
    await tb.addConfig({ dump: () => "model = dict(type='Net')\nnote = 'ünïcode'\n" });
    await tb.close();
    const events = readEvents(onlyEventFile(dir));
    expect(events).toHaveLength(2);
    const [a, b] = events.map((e) => e.values?.[0] as ReadValue);
    for (const v of [a, b]) {
      expect(v?.tag).toBe('config/text_summary');
      expect(v?.pluginName).toBe('text');
      expect(v?.pluginContent).toEqual(new Uint8Array(0));
      expect(v?.tensor?.dtype).toBe(7); // DT_STRING
      expect(v?.tensor?.dims).toEqual([1]);
    }
    expect(JSON.parse(a?.tensor?.strings[0] as string)).toEqual({ model: { type: 'Net', depth: 2 }, lr: 0.1 });
    expect(b?.tensor?.strings).toEqual(["model = dict(type='Net')\nnote = 'ünïcode'\n"]);
  });

  it('writes histograms (TensorFlow buckets, or equal-width ones)', async () => {
    const dir = fresh();
    const tb = new TensorboardVisBackend({ save_dir: dir });
    const values = [-3, -1, 0, 0, 0.5, 2, 2, 10];
    await tb.addHistogram('w', values, 4);
    await tb.addHistogram('w2', new Float32Array([1, 2, 3, 4]), 5, { bins: 3 });
    await tb.addHistogram('same', [7, 7], 6, { bins: 2 });
    await tb.close();
    const [e1, e2, e3] = readEvents(onlyEventFile(dir));
    const h = e1?.values?.[0]?.histo as NonNullable<ReadValue['histo']>;
    expect(e1?.step).toBe(4);
    expect([h.min, h.max, h.num, h.sum, h.sumSquares]).toEqual([-3, 10, 8, 10.5, 9 + 1 + 0.25 + 4 + 4 + 100]);
    expect(h.bucket.length).toBe(h.bucketLimit.length);
    expect(h.bucket.reduce((s, c) => s + c, 0)).toBe(8);
    // Ascending limits; each value lies in the bucket [previous limit, limit).
    for (let i = 1; i < h.bucketLimit.length; i++) {
      expect(h.bucketLimit[i] as number).toBeGreaterThan(h.bucketLimit[i - 1] as number);
    }
    for (const v of new Set(values)) {
      const b = h.bucketLimit.findIndex((limit) => limit > v);
      const count = values.filter((x) => x === v).length;
      expect(h.bucket[b]).toBe(count);
      expect(b === 0 || (h.bucketLimit[b - 1] as number) <= v).toBe(true);
    }
    // Empty runs are merged: no two empty buckets in a row, and 6 distinct values need at most 13 buckets.
    for (let i = 1; i < h.bucket.length; i++) expect(h.bucket[i] === 0 && h.bucket[i - 1] === 0).toBe(false);
    expect(h.bucket.length).toBeLessThanOrEqual(13);
    expect(h.bucketLimit.at(-1)).toBe(Number.MAX_VALUE);

    const h2 = e2?.values?.[0]?.histo as NonNullable<ReadValue['histo']>;
    expect([h2.min, h2.max, h2.num, h2.sum, h2.sumSquares]).toEqual([1, 4, 4, 10, 30]);
    expect(h2.bucketLimit).toEqual([2, 3, 4]);
    expect(h2.bucket).toEqual([1, 1, 2]);
    const h3 = e3?.values?.[0]?.histo as NonNullable<ReadValue['histo']>;
    expect(h3.bucketLimit).toEqual([7, 7.5]);
    expect(h3.bucket).toEqual([0, 2]);
  });

  it('writes through a Visualizer into save_dir/vis_data, and to memory:// as a whole file', async () => {
    const dir = fresh();
    const vis = new Visualizer({
      name: 'tb-vis',
      vis_backends: [{ type: 'TensorboardVisBackend' }, { type: 'LocalVisBackend' }],
      save_dir: dir,
    });
    await vis.addScalars({ loss: 1.5 }, 1);
    await vis.addScalars({ loss: 0.5 }, 2);
    await vis.close();
    expect(scalars(readEvents(onlyEventFile(join(dir, 'vis_data'))))).toEqual([
      ['loss', 1, 1.5],
      ['loss', 2, 0.5],
    ]);

    const tb = new TensorboardVisBackend({ save_dir: 'memory://tb/run', max_queue: 2 });
    for (let i = 0; i < 4; i++) await tb.addScalar('m', i, i);
    const mid = tb.eventFile as string;
    expect(mid.startsWith('memory://tb/run/events.out.tfevents.')).toBe(true);
    // Flushed on the first write and at 2 waiting: steps 0, 1, 2 are in; 3 waits.
    expect(scalars(readEvents(await get(mid))).map((s) => s[1])).toEqual([0, 1, 2]);
    await tb.close();
    expect(scalars(readEvents(await get(mid))).map((s) => s[1])).toEqual([0, 1, 2, 3]);
  });

  it('rejects what it cannot write, naming it', () => {
    const tb = new TensorboardVisBackend({ save_dir: fresh() });
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        expect(error).toBeInstanceOf(VisualizationError);
        return `${(error as VisualizationError).code}: ${(error as Error).message}`;
      }
      return 'no error';
    };
    expect(code(() => tb.addScalar('x', 'abc' as never, 1))).toMatch(/^BAD_SCALAR: .*"x" must be a number/);
    expect(code(() => tb.addScalar('x', [1, 2] as never, 1))).toMatch(/^BAD_SCALAR/);
    expect(code(() => tb.addScalar('x', 1, 1.5))).toMatch(/^BAD_SCALAR: .*step must be an integer, got 1.5/);
    expect(code(() => tb.addScalars({ a: 1, step: 2 }, 2))).toMatch(/^BAD_SCALAR: .*"step"/);
    expect(code(() => tb.addScalars({ a: 1, b: 'no' as never }, 2))).toMatch(/^BAD_SCALAR: .*"b"/);
    expect(code(() => tb.addHistogram('h', [1, Number.NaN]))).toMatch(/^BAD_SCALAR: .*value 1 is .*NaN/);
    expect(code(() => tb.addHistogram('h', []))).toMatch(/^BAD_SCALAR: .*no values/);
    expect(code(() => tb.addHistogram('h', [1], 0, { bins: 0 }))).toMatch(/^BAD_OPTIONS/);
    expect(code(() => tb.addImage('i', { data: new Uint8Array(3), width: 2, height: 1, channels: 3 }))).toMatch(
      /^BAD_IMAGE/,
    );
    expect(code(() => tb.addConfig(42 as never))).toMatch(/^BAD_CONFIG/);
    expect(code(() => new TensorboardVisBackend({} as never))).toMatch(/^BAD_OPTIONS: .*save_dir is required/);
    expect(code(() => new TensorboardVisBackend({ save_dir: 'x', flush_secs: 0 }))).toMatch(/flush_secs/);
    // Nothing was written by the failed calls.
    expect(tb.eventFile).toBeUndefined();
  });
});

describe('durability', () => {
  it('a crash (no close) leaves every flushed event, in whole records', async () => {
    const dir = fresh();
    const tb = new TensorboardVisBackend({ save_dir: dir, max_queue: 1000 });
    for (let i = 1; i <= 3; i++) await tb.addScalar('loss', 1 / i, i);
    await tb.addImage('img', { data: new Uint8Array(4 * 4 * 4).fill(200), width: 4, height: 4, channels: 4 }, 3);
    await tb.flush();
    const sizeAfterFlush = statSync(tb.eventFile as string).size;
    // More events, never flushed: the "crash" happens here (the backend is dropped without close()).
    for (let i = 4; i <= 8; i++) await tb.addScalar('loss', 1 / i, i);
    await tb.addHistogram('w', [1, 2, 3], 8);
    const file = onlyEventFile(dir);
    expect(file.length).toBe(sizeAfterFlush);
    const events = readEvents(file);
    expect(scalars(events).map((s) => s[1])).toEqual([1, 2, 3]);
    expect(events.at(-1)?.values?.[0]?.image?.width).toBe(4);
    // A second flush appends; the earlier bytes are unchanged.
    await tb.flush();
    const after = onlyEventFile(dir);
    expect(after.subarray(0, file.length)).toEqual(file);
    expect(scalars(readEvents(after)).map((s) => s[1])).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    await tb.close();
  });

  it('flushes every max_queue events and after flush_secs', async () => {
    const dir = fresh();
    const tb = new TensorboardVisBackend({ save_dir: dir, max_queue: 3, flush_secs: 0.2 });
    // Not awaited: writes still run in call order.
    for (let i = 0; i < 4; i++) tb.addScalar('s', i, i);
    await tb.addScalar('s', 4, 4);
    // Written at once on opening (steps 0), then at 3 waiting (1, 2, 3); 4 waits.
    expect(scalars(readEvents(onlyEventFile(dir))).map((s) => s[1])).toEqual([0, 1, 2, 3]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(scalars(readEvents(onlyEventFile(dir))).map((s) => s[1])).toEqual([0, 1, 2, 3, 4]);
    await tb.close();
  });

  it('starts a new file after close(), as torch reopens its writer', async () => {
    const dir = fresh();
    const tb = new TensorboardVisBackend({ save_dir: dir });
    await tb.addScalar('a', 1, 1);
    await tb.close();
    expect(tb.eventFile).toBeUndefined();
    await tb.addScalar('a', 2, 2);
    await tb.close();
    const files = eventFiles(dir).sort();
    expect(files).toHaveLength(2);
    const steps = files.map((f) => scalars(readEvents(new Uint8Array(readFileSync(join(dir, f))))).map((s) => s[1]));
    expect(steps.sort()).toEqual([[1], [2]]);
  });
});
