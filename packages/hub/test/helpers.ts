// A weights server on 127.0.0.1 whose routes can corrupt, cut short or slow down their bodies, and a project folder
// with the fixture package installed in node_modules.
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Route {
  body: Uint8Array;
  /** serve this many responses with one byte flipped first */
  corrupt?: number;
  /** serve this many responses cut after `cutAt` bytes (the announced length stays the whole body) */
  cut?: number;
  cutAt?: number;
  /** hold every response of this route until this many requests for it have arrived (at most 10 s) */
  gate?: number;
  /** send the body in this many chunks, this many ms apart */
  chunks?: number;
  chunkDelayMs?: number;
}

export interface WeightsServer {
  base: string;
  routes: Map<string, Route>;
  /** paths requested, in order */
  requests: string[];
  /** when each response started and ended (ms since the epoch), in request order */
  timings: Array<{ path: string; start: number; end?: number }>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startWeightsServer(): Promise<WeightsServer> {
  const routes = new Map<string, Route>();
  const requests: string[] = [];
  const timings: WeightsServer['timings'] = [];
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(path);
    const timing: WeightsServer['timings'][number] = { path, start: Date.now() };
    timings.push(timing);
    res.on('close', () => {
      timing.end = Date.now();
    });
    const route = routes.get(path);
    if (route === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    let body = route.body;
    if ((route.corrupt ?? 0) > 0) {
      route.corrupt = (route.corrupt ?? 0) - 1;
      body = new Uint8Array(body);
      body[body.length >> 1] = (body[body.length >> 1] ?? 0) ^ 0xff;
    }
    if (route.gate !== undefined) {
      const deadline = Date.now() + 10_000;
      while (requests.filter((p) => p === path).length < route.gate && Date.now() < deadline) await sleep(10);
    }
    res.writeHead(200, { 'content-length': String(body.byteLength), 'content-type': 'application/octet-stream' });
    if ((route.cut ?? 0) > 0) {
      route.cut = (route.cut ?? 0) - 1;
      res.write(body.subarray(0, route.cutAt ?? body.byteLength >> 1));
      await sleep(20);
      res.socket?.destroy();
      return;
    }
    const n = Math.max(1, route.chunks ?? 1);
    const step = Math.ceil(body.byteLength / n);
    for (let at = 0; at < body.byteLength; at += step) {
      res.write(body.subarray(at, at + step));
      if (route.chunkDelayMs) await sleep(route.chunkDelayMs);
    }
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    routes,
    requests,
    timings,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const here = dirname(fileURLToPath(import.meta.url));
const packagesDir = join(here, '..', '..');

export interface Project {
  dir: string;
  /** the installed fixture package */
  pkgDir: string;
  cleanup(): void;
}

/** A project folder with `hubpkg` (the fixture, copied) installed, and `@eng/registry` linked for it to import. */
export function makeProject(metafile: string): Project {
  const dir = mkdtempSync(join(tmpdir(), 'eng-hub-project-'));
  const pkgDir = join(dir, 'node_modules', 'hubpkg');
  cpSync(join(here, 'fixtures', 'hubpkg'), pkgDir, { recursive: true });
  writeFileSync(join(pkgDir, 'configs', 'metafile.yml'), metafile);
  mkdirSync(join(dir, 'node_modules', '@eng'), { recursive: true });
  symlinkSync(join(packagesDir, 'registry'), join(dir, 'node_modules', '@eng', 'registry'), 'dir');
  writeFileSync(join(dir, 'package.json'), '{ "name": "user-project", "private": true }\n');
  return { dir, pkgDir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Serves `weights` at `path` and describes them as the model hub_net_4x3 of a metafile (with the extra entries). */
export function hubNetEntry(
  server: WeightsServer,
  path: string,
  weights: Uint8Array,
  results: string[] = [],
): string[] {
  server.routes.set(path, { body: weights });
  return [
    '  - Name: hub_net_4x3',
    '    Config: configs/hub_net_4x3.ts',
    `    Weights: ${server.base}${path}`,
    `    Sha256: ${createHash('sha256').update(weights).digest('hex')}`,
    ...results,
  ];
}

export interface HubSession {
  server: WeightsServer;
  project: Project;
  /** stops the server, removes the project, and restores the working directory and ENG_HOME */
  close(): Promise<void>;
}

/**
 * A weights server and a project with `hubpkg` installed whose metafile `metafile(server)` writes; the working
 * directory moves into the project (as a user's would be) and ENG_HOME into a folder of it.
 */
export async function openHubSession(metafile: (server: WeightsServer) => string): Promise<HubSession> {
  const server = await startWeightsServer();
  const project = makeProject(metafile(server));
  const saved = { cwd: process.cwd(), home: process.env.ENG_HOME };
  process.env.ENG_HOME = join(project.dir, 'eng-home');
  process.chdir(project.dir);
  return {
    server,
    project,
    async close() {
      process.chdir(saved.cwd);
      if (saved.home === undefined) delete process.env.ENG_HOME;
      else process.env.ENG_HOME = saved.home;
      await server.close();
      project.cleanup();
    },
  };
}
