// A unified diff of two texts (difflib.unified_diff with three lines of context), for Config.diff.

type Op = [kind: ' ' | '-' | '+', line: string, aIndex: number, bIndex: number];

function lcsOps(a: string[], b: string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const n = endA - start;
  const m = endB - start;
  // lengths of the longest common subsequence of the suffixes
  const table = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * (m + 1) + j] =
        a[start + i] === b[start + j]
          ? (table[(i + 1) * (m + 1) + j + 1] as number) + 1
          : Math.max(table[(i + 1) * (m + 1) + j] as number, table[i * (m + 1) + j + 1] as number);
    }
  }
  const ops: Op[] = [];
  for (let k = 0; k < start; k++) ops.push([' ', a[k] as string, k, k]);
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[start + i] === b[start + j]) {
      ops.push([' ', a[start + i] as string, start + i, start + j]);
      i++;
      j++;
    } else if (
      j < m &&
      (i >= n || (table[i * (m + 1) + j + 1] as number) >= (table[(i + 1) * (m + 1) + j] as number))
    ) {
      ops.push(['+', b[start + j] as string, start + i, start + j]);
      j++;
    } else {
      ops.push(['-', a[start + i] as string, start + i, start + j]);
      i++;
    }
  }
  for (let k = 0; k < a.length - endA; k++) ops.push([' ', a[endA + k] as string, endA + k, endB + k]);
  // difflib lists removals before additions within a change
  for (let k = 0; k + 1 < ops.length; k++) {
    let e = k;
    while (e < ops.length && (ops[e] as Op)[0] !== ' ') e++;
    if (e > k + 1) {
      const block = ops.slice(k, e);
      ops.splice(k, e - k, ...block.filter((op) => op[0] === '-'), ...block.filter((op) => op[0] === '+'));
    }
    k = e;
  }
  return ops;
}

function range(start: number, length: number): string {
  const first = length === 0 ? start : start + 1;
  return length === 1 ? `${first}` : `${first},${length}`;
}

export function unifiedDiff(a: string[], b: string[], fromLabel = '', toLabel = '', context = 3): string {
  const ops = lcsOps(a, b);
  const changes = ops.map((op, index) => (op[0] === ' ' ? -1 : index)).filter((index) => index >= 0);
  if (changes.length === 0) return '';
  const out = [`--- ${fromLabel}`, `+++ ${toLabel}`];
  let h = 0;
  while (h < changes.length) {
    let first = changes[h] as number;
    let last = first;
    while (h + 1 < changes.length && (changes[h + 1] as number) - last <= 2 * context + 1)
      last = changes[++h] as number;
    h++;
    first = Math.max(0, first - context);
    last = Math.min(ops.length - 1, last + context);
    const hunk = ops.slice(first, last + 1);
    const aStart = (hunk[0] as Op)[2];
    const bStart = (hunk[0] as Op)[3];
    const aLen = hunk.filter((op) => op[0] !== '+').length;
    const bLen = hunk.filter((op) => op[0] !== '-').length;
    out.push(`@@ -${range(aStart, aLen)} +${range(bStart, bLen)} @@`);
    for (const op of hunk) out.push(`${op[0]}${op[1]}`);
  }
  return `${out.join('\n')}\n`;
}
