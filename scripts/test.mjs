// npm test: the type-check and the suite side by side (the suite leaves a core idle at its start
// and end, where the type-check fits: about 8 s of a 2-minute run, measured), then the exit
// status of whichever failed. The lint runs before both (pretest), as it takes a second.
import { spawn } from 'node:child_process';

const run = (command, args, captured) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { stdio: captured ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    if (captured) for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => (output += chunk));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });

// The type-check's output is held and printed after the suite's, so the two do not interleave.
const [typecheck, suite] = await Promise.all([run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'], true), run('npx', ['vitest', 'run', ...process.argv.slice(2)], false)]);
if (typecheck.code !== 0) process.stderr.write(`\nThe type-check failed:\n${typecheck.output}`);
else process.stdout.write('\nThe type-check passed.\n');
process.exitCode = suite.code !== 0 ? suite.code : typecheck.code;
