// `custom_imports: { imports: [...], allow_failed_imports?: boolean }`: modules imported when the config
// is loaded, so that the classes they register exist before anything is built from the config.
import { isDict } from './dict';
import { ConfigError } from './errors';
import { importCustomModule } from './loaders/module';

export async function importCustomModules(spec: unknown, file: string): Promise<void> {
  if (spec === undefined || spec === null) return;
  if (!isDict(spec)) {
    throw new ConfigError(
      'CUSTOM_IMPORT',
      'custom_imports must be a dict: { imports: [...], allow_failed_imports?: boolean }',
      {
        file,
        keyPath: 'custom_imports',
      },
    );
  }
  const raw = spec.imports;
  const imports = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw];
  const allowFailed = spec.allow_failed_imports === true;
  for (const [i, name] of imports.entries()) {
    if (typeof name !== 'string' || name === '') {
      throw new ConfigError(
        'CUSTOM_IMPORT',
        `custom_imports.imports must hold module names, got ${JSON.stringify(name)}`,
        {
          file,
          keyPath: `custom_imports.imports.${i}`,
        },
      );
    }
    try {
      await importCustomModule(name, file);
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      if (allowFailed) {
        process.emitWarning(`${name} failed to import and is ignored (custom_imports of ${file}): ${reason}`, {
          code: 'ENG_CONFIG_CUSTOM_IMPORT',
        });
        continue;
      }
      throw new ConfigError(
        'CUSTOM_IMPORT',
        `Failed to import custom modules from ${JSON.stringify(spec)}: "${name}" could not be imported (${reason}). ` +
          'Relative names are resolved from the config file, package names from its node_modules',
        { file, keyPath: `custom_imports.imports.${i}`, cause: error },
      );
    }
  }
}
