import type { BuildOptions } from 'rolldown';

/** See bundle-options.mjs. */
export declare function bundleOptions(input: (module: string) => string, outDir: string): BuildOptions[];
