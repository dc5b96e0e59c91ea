#!/usr/bin/env node
// Builds the Open MPI addon (build/Release/eng_mpi.node) with cmake-js against node-api-headers: no Node headers
// are downloaded. Skips, with a message and exit code 0, where MPI's headers or cmake are missing: the package then
// works with launcher 'none' and initDist('mpi') says what to install.
//
//   node scripts/build-native.mjs            (from packages/dist; ENG_DIST_NATIVE=0 skips it on purpose)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (text) => console.log(`[@eng/dist] ${text}`);

if (process.env.ENG_DIST_NATIVE === '0') {
  say('ENG_DIST_NATIVE=0: not building the MPI addon');
  process.exit(0);
}

/** Where mpi.h is: what `mpicc --showme:incdirs` says (Open MPI), then the usual Debian places. */
function findMpiHeader() {
  const shown = spawnSync('mpicc', ['--showme:incdirs'], { encoding: 'utf8' });
  const dirs = shown.status === 0 ? shown.stdout.trim().split(/\s+/).filter(Boolean) : [];
  dirs.push('/usr/lib/x86_64-linux-gnu/openmpi/include', '/usr/lib/aarch64-linux-gnu/openmpi/include', '/usr/include');
  return dirs.map((d) => join(d, 'mpi.h')).find((f) => existsSync(f));
}

const header = findMpiHeader();
if (!header) {
  say(
    'MPI headers (mpi.h) not found: skipping the MPI addon. For launcher "mpi": apt-get install openmpi-bin libopenmpi-dev',
  );
  process.exit(0);
}
if (spawnSync('cmake', ['--version']).status !== 0) {
  say('cmake not found: skipping the MPI addon. For launcher "mpi": apt-get install cmake openmpi-bin libopenmpi-dev');
  process.exit(0);
}

const require = createRequire(import.meta.url);
const cli = join(dirname(require.resolve('cmake-js/package.json')), 'bin', 'cmake-js');
say(`building the MPI addon (mpi.h: ${header})`);
const result = spawnSync(process.execPath, [cli, 'compile', '--directory', root, '--log-level', 'warn'], {
  cwd: root,
  stdio: 'inherit',
});
if (result.status !== 0) {
  console.error('[@eng/dist] building the MPI addon failed (see above)');
  process.exit(result.status ?? 1);
}
say(`built ${join('build', 'Release', 'eng_mpi.node')}`);
