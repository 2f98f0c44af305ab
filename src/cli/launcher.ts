#!/usr/bin/env node
// The `papers` command: runs the CLI's bundle beside it, dist/bundle/papers-cli.cjs, which is
// CommonJS because Node 20 starts it sooner than the same code as ES modules (see
// scripts/bundle-options.mjs).
import { createRequire } from 'node:module';

createRequire(import.meta.url)('./papers-cli.cjs');
