// A 2-epoch run with the TensorBoard backend beside the local one: its event file is read back by Python (protobuf
// and crc32c, with TensorFlow's field numbers: @eng/visualization's test/fixtures/read_tfevents.py), every record's
// CRCs checked, and every scalar the run wrote to scalars.json is in it at the same step; the curves and index.html
// are drawn at the end of the run.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { toyRunner } from './helpers/toy';

const PYTHON = '/usr/bin/python3';
const reader = fileURLToPath(new URL('../../visualization/test/fixtures/read_tfevents.py', import.meta.url));
const available =
  spawnSync(PYTHON, ['-c', 'import google.protobuf.descriptor_pb2, crc32c'], { encoding: 'utf8' }).status === 0;
if (!available) {
  console.warn(
    `tensorboard-run: the Python cross-check is skipped, ${PYTHON} cannot import google.protobuf and crc32c ` +
      '(install the Debian packages python3-protobuf, protobuf-compiler, python3-crc32c)',
  );
}

interface PyValue {
  tag: string;
  kind: string;
  simple_value?: number;
}

describe('a 2-epoch run with TensorboardVisBackend', () => {
  it('writes an event file with every CRC valid and every scalar of scalars.json in it', async () => {
    let n = 0;
    const runner = toyRunner({
      visualizer: {
        type: 'Visualizer',
        name: `tensorboard-run-${n++}`,
        vis_backends: [{ type: 'LocalVisBackend' }, { type: 'TensorboardVisBackend' }],
      },
      default_hooks: { checkpoint: null, logger: { type: 'LoggerHook', interval: 1 } },
    });
    await runner.train();
    await runner.close();
    const visData = join(runner.logDir, 'vis_data');
    const files = readdirSync(visData);
    const events = files.filter((f) => f.startsWith('events.out.tfevents.'));
    expect(events).toHaveLength(1);
    // the report drawn at the end of train()
    expect(files).toEqual(expect.arrayContaining(['scalars.json', 'index.html', 'loss.png', 'val_mae.png']));
    if (!available) return;
    const result = spawnSync(PYTHON, [reader, join(visData, events[0] as string)], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const read = JSON.parse(result.stdout) as {
      records: number;
      events: { step: number; file_version?: string; values?: PyValue[] }[];
    };
    expect(read.events[0]?.file_version).toBe('brain.Event:2');
    // every scalar of every scalars.json line, in order, is an event of its own at the line's step
    const inFile: Array<[string, number, number]> = [];
    for (const event of read.events) {
      for (const value of event.values ?? []) {
        if (value.kind === 'simple_value') inFile.push([value.tag, event.step, value.simple_value as number]);
      }
    }
    const lines = readFileSync(join(visData, 'scalars.json'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const inJson = lines.flatMap(({ step, ...scalars }) =>
      Object.entries(scalars).map(([tag, value]) => [tag, step, value as number] as [string, number, number]),
    );
    expect(inJson.length).toBeGreaterThan(20);
    expect(inFile.map(([tag, step]) => [tag, step])).toEqual(inJson.map(([tag, step]) => [tag, step]));
    inFile.forEach(([tag, step, value], i) => {
      const expected = (inJson[i] as [string, number, number])[2];
      expect(value, `${tag} at step ${step}`).toBeCloseTo(Math.fround(expected), 6);
    });
    expect(read.records).toBe(1 + inFile.length); // file_version, then the scalars (this runner has no config file)
    expect(existsSync(join(visData, 'index.html'))).toBe(true);
  });
});
