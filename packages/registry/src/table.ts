/** Renders rows (the first is the header) as a box-drawn table under a title, like MMEngine's rich output. */
export function renderTable(title: string, rows: string[][]): string {
  const columns = rows[0]?.length ?? 0;
  const widths = Array.from({ length: columns }, (_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  const line = (left: string, mid: string, right: string) =>
    left + widths.map((w) => '─'.repeat(w + 2)).join(mid) + right;
  const row = (cells: string[]) => `│${widths.map((w, c) => ` ${(cells[c] ?? '').padEnd(w)} `).join('│')}│`;
  const out = [title, line('┌', '┬', '┐'), row(rows[0] ?? [])];
  if (rows.length > 1) out.push(line('├', '┼', '┤'), ...rows.slice(1).map(row));
  out.push(line('└', '┴', '┘'));
  return out.join('\n');
}
