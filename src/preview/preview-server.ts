import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Problem } from '../errors.js';
import { DEFAULT_TEMPLATES_DIR } from '../config/council.js';
import type { CouncilConfig } from '../schema/council.js';
import type { Printer } from '../print/printer.js';
import { printReportPdf } from '../assemble/report-pdf.js';
import { buildPack } from '../assemble/build-pack.js';
import { renderForPreview, type PreviewRendering } from './render-for-preview.js';

export interface PreviewOptions {
  config: CouncilConfig;
  /** A meeting's data folder (default: its folder). */
  root?: string | undefined;
  /** Port on 127.0.0.1 (default: a free one). */
  port?: number | undefined;
  /** Prints the PDF view (/pdf); started when first asked for. */
  printer: () => Printer;
  /** Called after each rendering, with how long it took from the change that caused it. */
  onRendered?: (event: { ok: boolean; problems: number; milliseconds: number }) => void;
}

export interface PreviewServer {
  url: string;
  close(): Promise<void>;
}

/** What the page asks for after each change: the last good HTML and the problems now. */
interface PreviewState {
  stateVersion: number;
  htmlVersion: number;
  html: string | undefined;
  ok: boolean;
  hasGood: boolean;
  problems: Array<Problem & { absolute: string }>;
}

/** Waits this long after a change for the editor to finish writing (some save in several steps). */
const SETTLE_MS = 15;

/**
 * A preview of a report or meeting for its author: a local server (loopback only) showing the
 * HTML as built, which follows the file as it is saved: the page swaps in the new rendering in
 * place, keeping its scroll position; while the file has problems it keeps showing the last good
 * rendering with the problems over it, each linking to its place in the file; /pdf shows the
 * real pages. Watches the file's folder (a meeting's data folder), so images and the reports a
 * meeting names count too.
 */
export async function startPreview(file: string, options: PreviewOptions): Promise<PreviewServer> {
  const absolute = path.resolve(file);
  const client = await readFile(path.join(options.config.templatesDir, 'preview', 'client.html'), 'utf8').catch(() => readFile(path.join(DEFAULT_TEMPLATES_DIR, 'preview', 'client.html'), 'utf8'));
  const state: PreviewState = { stateVersion: 0, htmlVersion: 0, html: undefined, ok: false, hasGood: false, problems: [] };
  let good: Extract<PreviewRendering, { ok: true }> | undefined;
  const pdfs = new Map<number, Promise<Uint8Array>>();
  const listeners = new Set<ServerResponse>();

  const render = async (changedAt: number) => {
    const rendering = await renderForPreview(absolute, options.config, options.root).catch(
      (error: unknown): PreviewRendering => ({ ok: false, problems: [{ file: absolute, message: error instanceof Error ? error.message : String(error) }] }),
    );
    state.stateVersion += 1;
    state.ok = rendering.ok;
    state.problems = rendering.problems.map((problem) => ({ ...problem, absolute: path.resolve(problem.file) }));
    if (rendering.ok && rendering.html !== state.html) {
      good = rendering;
      state.html = rendering.html;
      state.htmlVersion = state.stateVersion;
      state.hasGood = true;
      pdfs.clear();
    }
    for (const listener of listeners) {
      // A page that has gone away is dropped, not written to.
      if (listener.destroyed || listener.writableEnded) listeners.delete(listener);
      else listener.write(`event: change\ndata: ${state.stateVersion}\n\n`);
    }
    options.onRendered?.({ ok: rendering.ok, problems: rendering.problems.length, milliseconds: performance.now() - changedAt });
  };

  // One rendering at a time; changes during one are taken up by the next.
  let running: Promise<void> = render(performance.now());
  await running;
  let pending: NodeJS.Timeout | undefined;
  let changedAt = 0;
  const changed = () => {
    changedAt ||= performance.now();
    clearTimeout(pending);
    pending = setTimeout(() => {
      const at = changedAt;
      changedAt = 0;
      // Never left rejected: a failed rendering must not stop the ones after it.
      running = running.then(() => render(at)).catch(() => undefined);
    }, SETTLE_MS);
  };
  const watched = path.resolve(options.root ?? path.dirname(absolute));
  const watcher: FSWatcher = watch(watched, { recursive: true }, changed);
  watcher.on('error', () => undefined);

  const pdfOf = (version: number): Promise<Uint8Array> => {
    let pdf = pdfs.get(version);
    if (!pdf) {
      const current = good;
      if (!current) return Promise.reject(new Error('no good version yet'));
      pdf =
        current.kind === 'report'
          ? printReportPdf(current.report, options.config, options.printer(), current.images, current.html).then((printed) => printed.bytes)
          : buildPack(current.meeting, options.config, options.printer()).then((pack) => pack.confidentialPdf ?? pack.publicPdf);
      pdf.catch(() => pdfs.delete(version));
      pdfs.set(version, pdf);
    }
    return pdf;
  };

  const server = createServer((request, response) => {
    // A browser that closes its connection mid-answer is not an error of the preview.
    request.on('error', () => undefined);
    void respond(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`preview failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  let port = 0;
  const respond = async (request: IncomingMessage, response: ServerResponse) => {
    // Only this machine's browser, by its own name for the server (a page elsewhere cannot rebind a name to it).
    if (request.headers.host !== `127.0.0.1:${port}` && request.headers.host !== `localhost:${port}`) {
      response.writeHead(403).end();
      return;
    }
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
    const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
    if (url.pathname === '/') {
      const html = (state.html ?? '<!DOCTYPE html><html lang="en"><head><title>Preview</title></head><body><main></main></body></html>').replace('<html', `<html data-papers-version="${state.htmlVersion}"`);
      response.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' });
      response.end(html.includes('</body>') ? html.replace(/<\/body>(?![\s\S]*<\/body>)/, `${client}</body>`) : html + client);
    } else if (url.pathname === '/state') {
      response.writeHead(200, { ...headers, 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify(state));
    } else if (url.pathname === '/events') {
      response.writeHead(200, { ...headers, 'content-type': 'text/event-stream', connection: 'keep-alive' });
      response.write(': connected\n\n');
      listeners.add(response);
      request.on('close', () => listeners.delete(response));
      response.on('error', () => listeners.delete(response));
    } else if (url.pathname === '/pdf') {
      if (!good) {
        response.writeHead(409, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
        response.end('The file has no good version to print yet.');
        return;
      }
      const bytes = await pdfOf(state.htmlVersion);
      response.writeHead(200, { ...headers, 'content-type': 'application/pdf', 'content-length': bytes.byteLength });
      response.end(bytes);
    } else {
      response.writeHead(404, headers).end();
    }
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const keepAlive = setInterval(() => {
    for (const listener of listeners) listener.write(': still here\n\n');
  }, 15_000);
  keepAlive.unref();
  return {
    url: `http://127.0.0.1:${port}/`,
    async close() {
      clearInterval(keepAlive);
      clearTimeout(pending);
      watcher.close();
      for (const listener of listeners) listener.end();
      // Closing waits for every connection to end: a browser's kept-alive ones are ended now,
      // not after their idle timeout (the close hung while a page was still open).
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await running.catch(() => undefined);
    },
  };
}
