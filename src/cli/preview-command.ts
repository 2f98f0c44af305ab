import path from 'node:path';
import { spawn } from 'node:child_process';
import { StyleChooser } from '../config/styles.js';
import { forcedStyle } from './options.js';
import { Printer } from '../print/printer.js';
import { startPreview } from '../preview/preview-server.js';
import type { Reporter } from './reporter.js';

/** Serves the preview until interrupted (Ctrl-C); the browser for the PDF view starts only when asked for. */
export async function runPreview(file: string, options: { style?: string; templates?: string; port?: number; open?: boolean; root?: string; browser?: string }, reporter: Reporter): Promise<number> {
  const config = await new StyleChooser(forcedStyle(options), process.cwd(), options.root).configFor(path.resolve(file));
  let printer: Printer | undefined;
  const preview = await startPreview(file, {
    config,
    root: options.root,
    port: options.port,
    printer: () => (printer ??= new Printer({ browserPath: options.browser })),
    onRendered: ({ ok, problems, milliseconds }) => reporter.progress(`${file}: ${ok ? 'updated' : `${problems} problem(s)`} (${Math.round(milliseconds)} ms)`, false),
  });
  reporter.line(`Previewing ${file} at ${preview.url} (Ctrl-C to stop)`);
  if (options.open) openInBrowser(preview.url);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await preview.close();
  await printer?.close();
  reporter.line('preview stopped');
  return 0;
}

/** Hands a link to the desktop's own browser; nothing is said if there is none (the link is printed anyway). */
function openInBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}
