import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubCommand } from '../src';
import { type HubSession, hubNetEntry, openHubSession, type Project, type WeightsServer } from './helpers';

let session: HubSession;
let server: WeightsServer;
let project: Project;
const weights = new TextEncoder().encode('weights of hub_net_4x3, for the CLI test');
const digest = createHash('sha256').update(weights).digest('hex');

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await hubCommand.run(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

beforeAll(async () => {
  session = await openHubSession((s) =>
    [
      'Models:',
      ...hubNetEntry(s, '/w/hub_net_4x3.safetensors', weights, [
        '    Results: [{ Dataset: Blobs, Metrics: { accuracy/top1: 91.5 } }]',
      ]),
      '  - { Name: hub_net_wide, Config: configs/hub_net_wide.ts }',
      `  - { Name: bad_sum, Config: configs/hub_net_wide.ts, Weights: "${s.base}/w/hub_net_4x3.safetensors?copy", Sha256: "${'0'.repeat(64)}" }`,
      '',
    ].join('\n'),
  );
  ({ server, project } = session);
});

afterAll(() => session.close());

describe('eng hub', () => {
  it('list shows every model of the index, its config path for getModel, cached or not, and its results', async () => {
    const { code, out } = await run('list', 'hubpkg');
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+CONFIG\s+CACHED\s+RESULTS$/);
    expect(lines[1]).toMatch(/^hub_net_4x3\s+hubpkg::hub_net_4x3\.ts\s+no\s+Blobs accuracy\/top1=91\.5$/);
    expect(lines[2]).toMatch(/^hub_net_wide\s+hubpkg::hub_net_wide\.ts\s+no weights/);
  });

  it('download fetches the weights of a model by name (or config) into the cache and prints the path', async () => {
    const { code, out, err } = await run('download', 'hubpkg::hub_net_4x3', '--no-progress');
    expect(err).toBe('');
    expect(code).toBe(0);
    const file = out.trim();
    expect(file).toBe(join(project.dir, 'eng-home', 'hub', 'hub_net_4x3.safetensors'));
    expect(readFileSync(file)).toEqual(Buffer.from(weights));
    expect((await run('download', 'hubpkg::hub_net_4x3.ts')).out.trim()).toBe(file);
    expect(server.requests).toHaveLength(1);
    expect((await run('list', 'hubpkg')).out).toMatch(/hub_net_4x3\s+hubpkg::hub_net_4x3\.ts\s+yes/);
    const json = JSON.parse((await run('list', 'hubpkg', '--json')).out) as Array<{ name: string; cached: boolean }>;
    expect(json.map((m) => [m.name, m.cached])).toEqual([
      ['hub_net_4x3', true],
      ['hub_net_wide', false],
      ['bad_sum', false],
    ]);
  });

  it('a failed checksum exits 1 with both sums and keeps nothing', async () => {
    const { code, err } = await run('download', 'hubpkg::bad_sum', '--no-progress');
    expect(code).toBe(1);
    expect(err).toContain(`sha256 is ${digest}, expected ${'0'.repeat(64)}`);
    expect(err).toContain('bad_sum in');
    // bad_sum's URL ends in the same file name as hub_net_4x3's: the good copy of that one is left as it was
    const cache = join(project.dir, 'eng-home', 'hub');
    expect(readdirSync(cache).sort()).toEqual(['.hub_net_4x3.safetensors.json', 'hub_net_4x3.safetensors']);
    expect(
      createHash('sha256')
        .update(readFileSync(join(cache, 'hub_net_4x3.safetensors')))
        .digest('hex'),
    ).toBe(digest);
  });

  it('says what it expected for a bad command line, an unknown model or package', async () => {
    expect(await run()).toMatchObject({
      code: 2,
      err: expect.stringMatching(/expected a subcommand \(list, download or publish\)/),
    });
    expect(await run('lst', 'hubpkg')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/list, download or publish, got "lst"/),
    });
    expect(await run('list', 'hubpkg', '--jsn')).toMatchObject({ code: 2, err: expect.stringMatching(/--json/) });
    const unknown = await run('download', 'hubpkg::hub_net_4x4');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/lists no model "hub_net_4x4".*Did you mean "hub_net_4x3"/);
    expect((await run('list', 'nopkg')).err).toMatch(/Package nopkg is not installed/);
    expect((await run('--help')).out).toMatch(/Usage: eng hub list PKG/);
  });
});
