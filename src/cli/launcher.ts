#!/usr/bin/env node
// The `papers` command: the CLI's bundle (dist/bundle/papers-cli.cjs, CommonJS so that V8's code
// cache can hold it) run through the compile cache; see compile-cache.ts.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installCompileCache } from './compile-cache.js';
import { lendModuleImport } from '../load/import-module.js';

// The bundle beside this file calls import() only through the one lent here.
installCompileCache(path.dirname(fileURLToPath(import.meta.url)));
lendModuleImport((specifier) => import(specifier));
createRequire(import.meta.url)('./papers-cli.cjs');
