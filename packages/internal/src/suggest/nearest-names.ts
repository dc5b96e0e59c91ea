/**
 * Edit distance between `a` and `b`, counting a swap of two neighbouring characters as one edit (optimal string
 * alignment), so `lsot` is one edit from `lost`.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let before = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let curr = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    curr[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j]! + 1, curr[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      curr[j] = d;
    }
    [before, prev, curr] = [prev, curr, before];
  }
  return prev[b.length]!;
}

export interface NearestNamesOptions {
  /** How many names at most. Default 3. */
  count?: number;
  /** The largest edit distance offered; default about half the longer name (at least 2). */
  maxDistance?: number;
}

/**
 * The candidates nearest to `word`, closest first, for "did you mean" hints. Case differences count less than other
 * edits (so `resnet` finds `ResNet` first), and a name further than about half its length is not offered.
 */
export function nearestNames(word: string, candidates: Iterable<string>, options: NearestNamesOptions = {}): string[] {
  const count = options.count ?? 3;
  const lower = word.toLowerCase();
  const scored: Array<{ name: string; score: number }> = [];
  const seen = new Set<string>();
  for (const name of candidates) {
    if (seen.has(name)) continue;
    seen.add(name);
    const distance = editDistance(lower, name.toLowerCase());
    const limit = options.maxDistance ?? Math.max(2, Math.ceil(Math.max(word.length, name.length) / 2));
    if (distance > limit) continue;
    scored.push({ name, score: distance + editDistance(word, name) * 0.01 });
  }
  scored.sort((x, y) => x.score - y.score || x.name.localeCompare(y.name));
  return scored.slice(0, count).map((s) => s.name);
}

/** `Did you mean "a", "b"?` for the names nearest to `word`, or the empty string when none is near. */
export function didYouMean(word: string, candidates: Iterable<string>, options: NearestNamesOptions = {}): string {
  const near = nearestNames(word, candidates, options);
  return near.length === 0 ? '' : `Did you mean ${near.map((n) => `"${n}"`).join(', ')}?`;
}
