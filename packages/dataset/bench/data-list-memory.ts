// Child process of dataset.bench.ts: builds a 100,000-record data list with or without serialize_data and prints
// the memory it retains (heap + array buffers, after a full GC), as JSON on stdout.
import { BaseDataset, type DataInfo } from '../src/index';

const serialize = process.argv[2] === 'serialized';
const COUNT = 100_000;

class Records extends BaseDataset {
  override loadDataList(): DataInfo[] {
    return Array.from({ length: COUNT }, (_, i) => ({
      img_path: `data/coco/train2017/${String(i).padStart(12, '0')}.jpg`,
      gt_label: i % 1000,
      img_shape: [480, 640],
      instances: [{ bbox: [i % 640, (i * 7) % 480, 64.5, 48.25], bbox_label: i % 80, ignore_flag: 0 }],
    }));
  }
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const used = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const before = used();
const dataset = new Records({ data_prefix: {}, serialize_data: serialize });
const start = performance.now();
void dataset.length;
const buildMs = performance.now() - start;
const after = used();
// Decode cost per record (random access), the price of the smaller footprint.
const reads = 20_000;
const t0 = performance.now();
for (let i = 0; i < reads; i++) dataset.getDataInfo((i * 7919) % COUNT);
const readUs = ((performance.now() - t0) * 1000) / reads;
console.log(JSON.stringify({ bytes: after - before, buildMs, readUs, length: dataset.length }));
