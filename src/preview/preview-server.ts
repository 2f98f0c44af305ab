import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Problem } from '../errors.js';
import { DEFAULT_TEMPLATES_DIR } from '../config/council.js';
import { readOptionalStyleText, readStyleText } from '../config/style-files.js';
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
  /** The page, with this run's token in its path: every request must carry it. */
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

/** Sent with every answer: no other page may frame the preview (clickjacking), sniff it or be told its address. */
const GUARD_HEADERS: OutgoingHttpHeaders = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
};

/** Writes an answer's head with the guard headers, `frame-ancestors 'none'` merged into any policy it sends. */
function writeGuarded(response: ServerResponse, status: number, headers: OutgoingHttpHeaders = {}): ServerResponse {
  const policy = headers['content-security-policy'];
  const merged = policy === undefined || policy === '' ? "frame-ancestors 'none'" : /(^|;)\s*frame-ancestors\b/i.test(String(policy)) ? String(policy) : `${policy}; frame-ancestors 'none'`;
  return response.writeHead(status, { ...GUARD_HEADERS, ...headers, 'content-security-policy': merged });
}

/** Waits this long after a change for the editor to finish writing (some save in several steps). */
const SETTLE_MS = 15;

/**
 * A preview of a report or meeting for its author: a local server (loopback only) showing the
 * HTML as built, which follows the file as it is saved: the page swaps in the new rendering in
 * place, keeping its scroll position; while the file has problems it keeps showing the last good
 * rendering with the problems over it, each linking to its place in the file; /pdf shows the
 * real pages. Watches the file's folder (a meeting's data folder), so images and the reports a
 * meeting names count too. Everything is served under a random path made for this run (the
 * returned url), refused to other sites' requests, and never framed.
 */
export async function startPreview(file: string, options: PreviewOptions): Promise<PreviewServer> {
  const absolute = path.resolve(file);
  // The style's own page, else the shipped one: read as every style file is (inside its folder, a regular file, with a limit).
  const client =
    (await readOptionalStyleText(options.config.templatesDir, path.join(options.config.templatesDir, 'preview', 'client.html'))) ?? (await readStyleText(DEFAULT_TEMPLATES_DIR, path.join(DEFAULT_TEMPLATES_DIR, 'preview', 'client.html')));
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

  // This run's secret: the page's path starts with it, and nothing is answered without it, so a
  // page elsewhere cannot make the preview print or read its state by guessing the port.
  const token = randomBytes(24).toString('base64url');
  const server = createServer((request, response) => {
    // A browser that closes its connection mid-answer is not an error of the preview.
    request.on('error', () => undefined);
    void respond(request, response).catch((error: unknown) => {
      if (!response.headersSent) writeGuarded(response, 500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`preview failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  let port = 0;
  const respond = async (request: IncomingMessage, response: ServerResponse) => {
    // Only this machine's browser, by its own name for the server (a page elsewhere cannot rebind a name to it).
    if (request.headers.host !== `127.0.0.1:${port}` && request.headers.host !== `localhost:${port}`) {
      writeGuarded(response, 403).end();
      return;
    }
    // Only the preview's own page (or the author opening its link): no request made by another site.
    const origin = request.headers.origin;
    const site = request.headers['sec-fetch-site'];
    if ((origin !== undefined && origin !== `http://${request.headers.host}`) || site === 'cross-site' || site === 'same-site') {
      writeGuarded(response, 403).end();
      return;
    }
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
    const [, given = '', ...rest] = url.pathname.split('/');
    if (!sameToken(given, token)) {
      writeGuarded(response, 403).end();
      return;
    }
    const endpoint = `/${rest.join('/')}`;
    const headers = { 'cache-control': 'no-store' };
    if (rest.length === 0) {
      // The page's own requests are relative to its folder, /token/.
      writeGuarded(response, 308, { ...headers, location: `/${token}/` }).end();
    } else if (endpoint === '/') {
      const html = (state.html ?? '<!DOCTYPE html><html lang="en"><head><title>Preview</title></head><body><main></main></body></html>').replace('<html', `<html data-papers-version="${state.htmlVersion}"`);
      writeGuarded(response, 200, { ...headers, 'content-type': 'text/html; charset=utf-8' });
      response.end(html.includes('</body>') ? html.replace(/<\/body>(?![\s\S]*<\/body>)/, `${client}</body>`) : html + client);
    } else if (endpoint === '/state') {
      writeGuarded(response, 200, { ...headers, 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify(state));
    } else if (endpoint === '/events') {
      writeGuarded(response, 200, { ...headers, 'content-type': 'text/event-stream', connection: 'keep-alive' });
      response.write(': connected\n\n');
      listeners.add(response);
      request.on('close', () => listeners.delete(response));
      response.on('error', () => listeners.delete(response));
    } else if (endpoint === '/pdf') {
      if (!good) {
        writeGuarded(response, 409, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
        response.end('The file has no good version to print yet.');
        return;
      }
      const bytes = await pdfOf(state.htmlVersion);
      writeGuarded(response, 200, { ...headers, 'content-type': 'application/pdf', 'content-length': bytes.byteLength });
      response.end(bytes);
    } else {
      writeGuarded(response, 404, headers).end();
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
    url: `http://127.0.0.1:${port}/${token}/`,
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

/** Whether the path's first part is this run's token, compared in constant time. */
function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
