import { exists, isDir, isFile, joinPath, listDirOrFile } from '@eng/fileio';
import { VisualizationError } from '../errors';

/** Where a run's scalars are: the `scalars.json` file and the `vis_data` directory holding it. */
export interface ScalarsLocation {
  scalarsFile: string;
  visDataDir: string;
}

/** `path` without its last segment (`a/b/c` → `a/b`). */
export function parentOf(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return cut > 0 ? trimmed.slice(0, cut) : cut === 0 ? '/' : '.';
}

/** The last segment of `path`. */
export function baseName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  return trimmed.slice(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
}

function noScalars(message: string): VisualizationError {
  return new VisualizationError('NO_SCALARS', message);
}

/**
 * Finds the scalars of a run from what a user points at: the scalars file itself, a `vis_data` directory, a run
 * directory (`WORK_DIR/TIMESTAMP`, with `vis_data/` inside), or a work dir (its newest run that has scalars: run
 * folders are named by their start time, so the last name in order is the newest).
 *
 * @throws VisualizationError `NO_SCALARS` naming the path, the places looked at and the run folders found.
 */
export async function findScalars(path: string, scalarFile = 'scalars.json'): Promise<ScalarsLocation> {
  if (!(await exists(path))) {
    throw noScalars(
      `"${path}" does not exist; expected a work dir, a run folder, a vis_data folder or a ${scalarFile}`,
    );
  }
  if (!(await isDir(path))) {
    if (path.endsWith('.json') && (await isFile(path))) return { scalarsFile: path, visDataDir: parentOf(path) };
    throw noScalars(
      `"${path}" is a file but not a .json scalars file; expected a work dir, a run folder, a vis_data folder or a ${scalarFile}`,
    );
  }
  for (const visDataDir of [path, joinPath(path, 'vis_data')]) {
    const scalarsFile = joinPath(visDataDir, scalarFile);
    if (await isFile(scalarsFile)) return { scalarsFile, visDataDir };
  }
  const dirs = (await listDirOrFile(path, { listFile: false })).sort();
  const withScalars: string[] = [];
  const withoutScalars: string[] = [];
  for (const dir of dirs) {
    const visDataDir = joinPath(joinPath(path, dir), 'vis_data');
    if (await isFile(joinPath(visDataDir, scalarFile))) withScalars.push(dir);
    else if (await isDir(visDataDir)) withoutScalars.push(dir);
  }
  const newest = withScalars.at(-1);
  if (newest !== undefined) {
    const visDataDir = joinPath(joinPath(path, newest), 'vis_data');
    return { scalarsFile: joinPath(visDataDir, scalarFile), visDataDir };
  }
  const looked = `${joinPath(path, scalarFile)}, ${joinPath(path, `vis_data/${scalarFile}`)} and ${joinPath(path, `*/vis_data/${scalarFile}`)}`;
  const runs =
    withoutScalars.length > 0
      ? `runs found without ${scalarFile}: ${withoutScalars.join(', ')} (a run that only tested, or whose visualizer has no LocalVisBackend)`
      : `no run folders (TIMESTAMP/vis_data) found${dirs.length > 0 ? `; sub-folders: ${dirs.slice(0, 10).join(', ')}${dirs.length > 10 ? ', ...' : ''}` : ''}`;
  throw noScalars(`no ${scalarFile} found under "${path}": looked for ${looked}; ${runs}`);
}
