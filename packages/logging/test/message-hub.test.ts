import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LoggingError } from '../src/errors';
import { HistoryBuffer } from '../src/history-buffer';
import { MessageHub, type MessageHubState } from '../src/message-hub';

class NoCopy {
  readonly payload = 1;
}

/** A stand-in for a 0-d TensorFlow.js tensor: only what MessageHub reads. */
function scalarTensor(value: number) {
  return { size: 1, shape: [], dataSync: () => new Float32Array([value]) };
}

let counter = 0;
const uniqueName = (base: string) => `${base}-${++counter}`;

describe('MessageHub instances (ManagerMixin)', () => {
  it('getCurrentInstance creates the "mmengine" hub when none exists yet', () => {
    const hub = MessageHub.getCurrentInstance();
    expect(hub.instanceName).toBe('mmengine');
    expect(MessageHub.getInstance('mmengine')).toBe(hub);
    const other = MessageHub.getInstance(uniqueName('mmdet'));
    expect(MessageHub.getCurrentInstance()).toBe(other);
  });

  it('modules share one hub by name (manual 32.3.3)', () => {
    const name = uniqueName('name');
    const printed: string[] = [];
    const lrUpdater = () => MessageHub.getInstance(name).updateScalar('train/lr', 0.001);
    const lossUpdater = () => MessageHub.getInstance(name).updateScalar('train/loss', 0.1);
    const metaUpdater = () =>
      MessageHub.getInstance(name).updateInfo('meta', {
        experiment: 'retinanet_r50_caffe_fpn_1x_coco.py',
        repo: 'mmdetection',
      });
    const logProcessor = () => {
      const hub = MessageHub.getInstance(name);
      printed.push(`Learning rate is ${hub.getScalar('train/lr').current()}`);
      printed.push(`loss is ${hub.getScalar('train/loss').current()}`);
      printed.push(`meta is ${JSON.stringify(hub.getInfo('meta'))}`);
    };
    MessageHub.getInstance(name);
    for (const run of [lossUpdater, metaUpdater, lrUpdater]) run();
    logProcessor();
    expect(printed).toEqual([
      'Learning rate is 0.001',
      'loss is 0.1',
      'meta is {"experiment":"retinanet_r50_caffe_fpn_1x_coco.py","repo":"mmdetection"}',
    ]);
  });

  it('validates constructor data', () => {
    const hub = new MessageHub({ name: 'direct' });
    expect(hub.instanceName).toBe('direct');
    expect(Object.keys(hub.logScalars)).toHaveLength(0);
    expect(() => new MessageHub({ name: 'bad', logScalars: { a: 1 as unknown as HistoryBuffer } })).toThrow(TypeError);
    expect(() => new MessageHub({ name: 'bad', runtimeInfo: { iter: 1 }, resumedKeys: { iters: false } })).toThrow(
      /Did you mean "iter"\?/,
    );
  });
});

describe('MessageHub update & get training log (manual 32.3.1)', () => {
  it('creates a HistoryBuffer on first update and appends afterwards', () => {
    const hub = MessageHub.getInstance(uniqueName('task'));
    hub.updateScalar('train/loss', 1, 1);
    expect(hub.getScalar('train/loss').current()).toBe(1);
    hub.updateScalar('train/loss', 3, 1);
    expect(hub.getScalar('train/loss').mean()).toBe(2);
    hub.updateScalar('train/lr', 0.1, 1);
    hub.updateScalars({ 'train/time': { value: 0.1, count: 1 }, 'train/data_time': { value: 0.1, count: 1 } });
    expect(hub.getScalar('train/time').current()).toBe(0.1);
    expect(Object.keys(hub.logScalars)).toEqual(['train/loss', 'train/lr', 'train/time', 'train/data_time']);
    expect(hub.logScalars['train/lr']).toBe(hub.getScalar('train/lr'));
  });

  it('reads tensors back to numbers', () => {
    const hub = MessageHub.getInstance(uniqueName('tensors'));
    hub.updateScalar('name', 1);
    hub.updateScalar('name', scalarTensor(2));
    hub.updateScalar('name', { arraySync: () => [3] });
    expect(hub.getScalar('name').data[0]).toEqual([1, 2, 3]);
    expect(() => hub.updateScalar('name', { size: 2, dataSync: () => new Float32Array([1, 2]) })).toThrow(
      /exactly one element/,
    );
    expect(() => hub.updateScalar('name', 'x' as never)).toThrow(TypeError);
    expect(() => hub.updateScalar('name', 1, 1.5)).toThrow(/count must be an integer/);
  });

  it('updateScalars takes values, tensors and { value, count }', () => {
    const hub = MessageHub.getInstance(uniqueName('scalars'));
    hub.updateScalars({ loss: 1, loss_cls: scalarTensor(2), loss_iou: { value: 1, count: 2 } });
    expect(hub.getScalar('loss').current()).toBe(1);
    expect(hub.getScalar('loss_cls').current()).toBe(2);
    expect(hub.getScalar('loss_iou').mean()).toBe(0.5);
    expect(() => hub.updateScalars({ error_type: [] as never })).toThrow(TypeError);
    expect(() => hub.updateScalars({ error_type: { count: 1 } as never })).toThrow(/without 'value'/);
  });

  it('getScalar of an unknown key names the hub and the nearest keys', () => {
    const hub = MessageHub.getInstance(uniqueName('unknown'));
    hub.updateScalar('train/loss', 1);
    expect(() => hub.getScalar('train/los')).toThrow(LoggingError);
    expect(() => hub.getScalar('train/los')).toThrow(/Did you mean "train\/loss"\?/);
  });

  it('the resumed flag of a key cannot change', () => {
    const hub = MessageHub.getInstance(uniqueName('resumed'));
    hub.updateScalar('loss', 1);
    hub.updateScalar('loss', 3);
    expect(() => hub.updateScalar('loss', 3, 1, false)).toThrow(/resumed=true, but got resumed=false/);
  });
});

describe('MessageHub runtime info (manual 32.3.2)', () => {
  it('overwrites on every update', () => {
    const hub = MessageHub.getInstance(uniqueName('task'));
    hub.updateInfo('iter', 1);
    expect(hub.getInfo('iter')).toBe(1);
    hub.updateInfo('iter', 2);
    expect(hub.getInfo('iter')).toBe(2);
    expect(hub.runtimeInfo['iter']).toBe(2);
  });

  it('getInfo/popInfo return a default for unknown keys', () => {
    const hub = MessageHub.getInstance(uniqueName('info'));
    expect(hub.getInfo('unknown')).toBeUndefined();
    expect(hub.getInfo('unknown', 7)).toBe(7);
    hub.updateInfo('pop_key', 'pop_info');
    expect(hub.popInfo('pop_key')).toBe('pop_info');
    expect(hub.popInfo('pop_key', 'gone')).toBe('gone');
  });

  it('updateInfoDict marks its keys resumed', () => {
    const hub = MessageHub.getInstance(uniqueName('infos'));
    hub.updateInfoDict({ a: 2, b: 3 });
    expect(hub.runtimeInfo).toEqual({ a: 2, b: 3 });
    expect(hub.resumedKeys).toEqual({ a: true, b: true });
  });
});

describe('MessageHub stateDict / loadStateDict (resumed_keys)', () => {
  let stderr: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => stderr.mockRestore());

  function filledHub(name: string): MessageHub {
    const hub = MessageHub.getInstance(name);
    hub.updateScalar('loss', 0.1);
    hub.updateScalar('lr', 0.1, 1, false);
    hub.updateInfo('iter', 1, true);
    hub.updateInfo('tensor', [1, 2, 3], false);
    return hub;
  }

  it('keeps only resumed keys, copying what it can', () => {
    const hub = filledHub(uniqueName('state'));
    const meta = { nested: { a: 1 } };
    hub.updateInfo('meta', meta);
    const noCopy = new NoCopy();
    hub.updateInfo('no_copy', noCopy);
    const state = hub.stateDict();
    expect((state.log_scalars['loss'] as HistoryBuffer).data).toEqual([[0.1], [1]]);
    expect(state.log_scalars['loss']).not.toBe(hub.getScalar('loss'));
    expect('lr' in state.log_scalars).toBe(false);
    expect(state.runtime_info['iter']).toBe(1);
    expect('tensor' in state.runtime_info).toBe(false);
    expect(state.runtime_info['meta']).toEqual(meta);
    expect(state.runtime_info['meta']).not.toBe(meta);
    expect(state.runtime_info['no_copy']).toBe(noCopy);
    expect(String(stderr.mock.calls.at(-1)?.[0])).toContain('no_copy in message_hub cannot be copied');
  });

  it('loads a state dict into another hub', () => {
    const state = filledHub(uniqueName('src')).stateDict();
    const target = MessageHub.getInstance(uniqueName('dst'));
    target.loadStateDict(state);
    expect(target.getScalar('loss').data).toEqual([[0.1], [1]]);
    expect(target.getInfo('iter')).toBe(1);
    expect(target.getInfo('tensor')).toBeUndefined();
  });

  it('loads the JSON of a state dict (a checkpoint)', () => {
    const state = JSON.parse(JSON.stringify(filledHub(uniqueName('json')).stateDict())) as MessageHubState;
    const target = MessageHub.getInstance(uniqueName('json-dst'));
    target.loadStateDict(state);
    expect(target.getScalar('loss')).toBeInstanceOf(HistoryBuffer);
    expect(target.getScalar('loss').mean()).toBe(0.1);
    expect(target.resumedKeys).toEqual({ loss: true, iter: true });
  });

  it('copies everything from another MessageHub', () => {
    const source = filledHub(uniqueName('hub-src'));
    const target = MessageHub.getInstance(uniqueName('hub-dst'));
    target.loadStateDict(source);
    expect(target.getScalar('lr').current()).toBe(0.1);
    expect(target.getInfo('tensor')).toEqual([1, 2, 3]);
    expect(target.getInfo('tensor')).not.toBe(source.getInfo('tensor'));
    expect(target.resumedKeys).toEqual(source.resumedKeys);
  });

  it('skips what cannot be resumed, with warnings', () => {
    const noCopy = new NoCopy();
    const state: MessageHubState = {
      log_scalars: { a: 1 as never, b: new HistoryBuffer() },
      runtime_info: { c: 1, d: noCopy, e: 1 },
      resumed_keys: { a: true, b: true, c: true, e: false, f: true },
    };
    const hub = MessageHub.getInstance(uniqueName('custom'));
    hub.loadStateDict(state);
    expect('a' in hub.logScalars).toBe(false);
    expect('b' in hub.logScalars).toBe(true);
    expect(hub.runtimeInfo['c']).toBe(1);
    expect(hub.runtimeInfo['d']).toBe(noCopy);
    expect(hub.resumedKeys).toEqual({ b: true, c: true, e: false });
    const warnings = stderr.mock.calls.map((c: unknown[]) => String(c[0])).join('');
    expect(warnings).toContain('a in message_hub is not HistoryBuffer, just skip resuming it.');
    expect(warnings).toContain('resumed key: f is not defined in message_hub');
    expect(warnings).toContain('Although resumed key: e is False');
  });

  it('refuses a state dict without its three keys', () => {
    const hub = MessageHub.getInstance(uniqueName('invalid'));
    expect(() => hub.loadStateDict({ log_scalars: {}, runtime_info: {} } as never)).toThrow(/resumed_keys/);
  });
});
