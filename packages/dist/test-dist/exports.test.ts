import { expectExportsList, packageRoot } from '@eng/test-utils';
import { expect, it } from 'vitest';

// The public surface, closed: a name added to or removed from the built entries fails here until
// test-dist/exports.json is regenerated (UPDATE_EXPORTS=1) and the change is reviewed.
it('the built ESM and CJS entries export exactly the names in test-dist/exports.json', () => {
  const lists = expectExportsList(packageRoot(import.meta.url));
  expect(Object.keys(lists)).toContain('.');
});
