import type { CommonOptions } from './main.js';
import type { Reporter } from './reporter.js';
import { PapersError } from '../errors.js';

export async function runPackCommand(_patterns: string[], _options: CommonOptions & { out: string }, _reporter: Reporter): Promise<number> {
  throw new PapersError('CONFIG', 'papers pack is not available yet');
}
