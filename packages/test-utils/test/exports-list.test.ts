import { describe, expect, it } from 'vitest';
import { describeExportChanges, diffExportLists, formatExportLists } from '../src/exports-list';

describe('diffExportLists', () => {
  it('is empty when the lists agree, in any order', () => {
    expect(diffExportLists({ '.': ['b', 'a'] }, { '.': ['a', 'b'] })).toEqual([]);
  });

  it('names what was added and removed, per subpath', () => {
    const changes = diffExportLists({ '.': ['a', 'b'], './test': ['t'] }, { '.': ['a', 'c', 'd'], './test': ['t'] });
    expect(changes).toEqual([{ subpath: '.', added: ['c', 'd'], removed: ['b'] }]);
    expect(describeExportChanges(changes)).toBe('".": added c, d; removed b');
  });

  it('counts a subpath that only one side has', () => {
    expect(diffExportLists({ '.': ['a'] }, { '.': ['a'], './test': ['t'] })).toEqual([
      { subpath: './test', added: ['t'], removed: [] },
    ]);
    expect(describeExportChanges(diffExportLists({ './x': [] }, {}))).toBe('"./x": only on one side, with no names');
  });
});

describe('formatExportLists', () => {
  it('writes short lists on one line and long ones one name per line', () => {
    const long = Array.from({ length: 20 }, (_, i) => `exportedName${i}`);
    const text = formatExportLists({ './test': ['x'], '.': long });
    expect(text.split('\n').slice(0, 3)).toEqual(['{', '  ".": [', '    "exportedName0",']);
    expect(text).toContain('  "./test": ["x"]\n}\n');
    expect(JSON.parse(text)).toEqual({ '.': long, './test': ['x'] });
  });
});
