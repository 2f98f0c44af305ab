/** import() as the CLI's launcher lends it: see lendModuleImport. */
type ModuleImport = (specifier: string) => Promise<unknown>;

const LENT = Symbol.for('committee-papers.import-module');

/**
 * The CLI runs its bundle from V8's code cache (src/cli/compile-cache.ts), where Node 20 loses
 * the callback import() needs (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING); its launcher, loaded
 * as usual, lends its own import() for the few ES modules loaded at run time.
 */
export function lendModuleImport(load: ModuleImport): void {
  (globalThis as { [LENT]?: ModuleImport })[LENT] = load;
}

/** An ES module loaded at run time (an absolute URL, or a package). */
export function importModule<T>(specifier: string): Promise<T> {
  const lent = (globalThis as { [LENT]?: ModuleImport })[LENT];
  return (lent ? lent(specifier) : import(specifier)) as Promise<T>;
}
