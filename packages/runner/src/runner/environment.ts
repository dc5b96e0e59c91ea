// The run's identity and the environment header of its log, as MMEngine's Runner writes them.
import { createRequire } from 'node:module';
import { arch, cpus, platform, release } from 'node:os';
import { deviceInfo } from '@eng/tensor-gpu';

/** `YYYYMMDD_HHMMSS` in local time (MMEngine's timestamp). */
export function timestamp(date = new Date()): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}_${p(date.getHours())}${p(
    date.getMinutes(),
  )}${p(date.getSeconds())}`;
}

const ENG_PACKAGES = [
  'registry',
  'config',
  'fileio',
  'logging',
  'tensor-gpu',
  'structures',
  'model',
  'optim',
  'dataset',
  'evaluator',
  'visualization',
  'runner',
] as const;

/** The versions of the installed `@eng/*` packages and of TensorFlow.js. */
export function packageVersions(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const out: Record<string, string> = {};
  for (const name of ENG_PACKAGES) {
    try {
      out[`@eng/${name}`] = (require(`@eng/${name}/package.json`) as { version: string }).version;
    } catch {
      // not installed: a downstream project may use the runner without every package
    }
  }
  return out;
}

export interface EnvironmentFacts {
  seed: number;
  deterministic: boolean;
  launcher: string;
  rank: number;
  worldSize: number;
  envCfg: unknown;
}

/** MMEngine's environment header: system, versions, backend and threads, and the runtime settings of this run. */
export function environmentHeader(facts: EnvironmentFacts): string {
  const info = deviceInfo();
  const dash = '-'.repeat(60);
  const cpu = cpus()[0]?.model ?? 'unknown';
  const lines = [
    '',
    dash,
    'System environment:',
    `    platform: ${platform()} ${release()} (${arch()})`,
    `    Node.js: ${process.versions.node}`,
    `    CPU: ${cpu} x ${cpus().length}`,
    `    TensorFlow.js: ${info.tfjsVersion}`,
    `    backend: ${info.backend} (${info.threads} thread${info.threads === 1 ? '' : 's'}${
      info.simd === undefined ? '' : info.simd ? ', SIMD' : ', no SIMD'
    })`,
    ...Object.entries(packageVersions()).map(([name, version]) => `    ${name}: ${version}`),
    '',
    'Runtime environment:',
    `    env_cfg: ${JSON.stringify(facts.envCfg)}`,
    `    seed: ${facts.seed}`,
    `    deterministic: ${facts.deterministic}`,
    `    Distributed launcher: ${facts.launcher}`,
    `    Distributed training: ${facts.worldSize > 1}`,
    `    World size: ${facts.worldSize}`,
    ...(facts.worldSize > 1 ? [`    Rank: ${facts.rank}`] : []),
    dash,
    '',
  ];
  return lines.join('\n');
}
