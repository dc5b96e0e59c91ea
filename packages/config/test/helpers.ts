import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const fixtures = join(import.meta.dirname, 'fixtures');
export const fixture = (name: string) => join(fixtures, name);
export const tempDir = () => mkdtempSync(join(tmpdir(), 'eng-config-'));
