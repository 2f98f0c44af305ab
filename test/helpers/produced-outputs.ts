import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { matterhornFindings } from './matterhorn.js';
import { accessibilityProblems, withBrowserPage } from './browser-page.js';

/** The files under these folders whose names end so, recursively. */
async function filesEndingWith(dirs: readonly string[], extension: string): Promise<string[]> {
  const found: string[] = [];
  for (const dir of dirs) {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of entries) if (entry.isFile() && entry.name.endsWith(extension)) found.push(path.join(entry.parentPath, entry.name));
  }
  return found;
}

/**
 * Every PDF the tool wrote under these folders, held to the Matterhorn checks (matterhorn.ts):
 * a file that claims PDF/UA must pass them all; a pack with PDF papers (which claims nothing,
 * as the papers' own tags are not carried) must pass them all but for the papers' pages drawn
 * in. The tool's files are known by the XMP it writes (CreatorTool committee-papers); the PDFs
 * tests make as inputs are not its own and are left alone. Returns "file: finding" lines.
 */
export async function producedPdfFindings(dirs: readonly string[]): Promise<string[]> {
  const findings: string[] = [];
  for (const file of await filesEndingWith(dirs, '.pdf')) {
    const bytes = await readFile(file).catch(() => undefined);
    if (!bytes?.includes('<xmp:CreatorTool>committee-papers</xmp:CreatorTool>')) continue;
    for (const finding of await checkedOnce('pdf', bytes, () => pdfFindings(bytes))) findings.push(`${file}: ${finding}`);
  }
  return findings;
}

/** The same checks for a PDF the tool made in memory (the library API): none when it passes. */
export async function pdfFindings(pdf: Uint8Array): Promise<string[]> {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const claimsPdfUa = bytes.includes('<pdfuaid:part>1</pdfuaid:part>');
  return matterhornFindings(new Uint8Array(bytes), claimsPdfUa ? { claimsPdfUa } : { papersAllowed: true });
}

/**
 * Every web page the tool wrote under these folders (known by its generator meta tag), checked
 * in the real browser as the web-page tests do: axe-core's WCAG 2.2 A and AA rules, and reflow
 * at 320 px (no sideways scrolling, no word broken across lines). Returns "file: problem" lines.
 */
export async function producedHtmlProblems(dirs: readonly string[]): Promise<string[]> {
  const pages: Array<{ file: string; html: string }> = [];
  for (const file of await filesEndingWith(dirs, '.html')) {
    const html = await readFile(file, 'utf8').catch(() => '');
    if (html.includes('<meta name="generator" content="committee-papers">')) pages.push({ file, html });
  }
  // Each distinct page is checked once: many tests write the same pages.
  const byContent = new Map<string, string[]>();
  for (const { file, html } of pages) byContent.set(html, [...(byContent.get(html) ?? []), file]);
  const findings = new Map<string, readonly string[]>();
  const unchecked: string[] = [];
  for (const html of byContent.keys()) {
    const known = await knownFindings('html', html);
    if (known) findings.set(html, known);
    else unchecked.push(html);
  }
  if (unchecked.length > 0) {
    await withBrowserPage(320, async (page) => {
      for (const html of unchecked) {
        const { axe, reflow } = await accessibilityProblems(page, html);
        const own = axe.map((violation) => `axe ${violation}`);
        if (reflow.overflow > 0) own.push(`scrolls ${reflow.overflow} px sideways at 320 px`);
        for (const word of reflow.brokenWords) own.push(`"${word}" is broken across lines at 320 px`);
        await remember('html', html, own);
        findings.set(html, own);
      }
    });
  }
  return [...byContent].flatMap(([html, files]) => files.flatMap((file) => (findings.get(html) ?? []).map((problem) => `${file}: ${problem}`)));
}

/**
 * The same output is made by many tests (the sample report, the sample meeting's pages): its
 * findings are kept by the hash of its content, for the whole test run (every worker), so each
 * distinct file is checked once. The folder is the run's own (PAPERS_TEST_RUN, global-setup.ts).
 */
function findingsFile(kind: string, content: string | Uint8Array): string {
  const hash = createHash('sha256')
    .update(typeof content === 'string' ? content : withoutPrintDates(content))
    .digest('hex');
  const run = process.env.PAPERS_TEST_RUN;
  if (!run) throw new Error('PAPERS_TEST_RUN is not set: run the tests through vitest (test/global-setup.ts)');
  return path.join(tmpdir(), `papers-test-checked-${run}`, `${kind}-${hash}.json`);
}

/**
 * A PDF's bytes less the print's time (the document information's /CreationDate and /ModDate,
 * the only bytes in which two prints of the same papers differ): the checks do not read them.
 */
function withoutPrintDates(pdf: Uint8Array): string {
  return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength)
    .toString('latin1')
    .replace(/\/(CreationDate|ModDate) ?\(D:[^)]*\)/g, '/$1()');
}

async function knownFindings(kind: string, content: string | Uint8Array): Promise<string[] | undefined> {
  const text = await readFile(findingsFile(kind, content), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as string[]);
}

async function remember(kind: string, content: string | Uint8Array, findings: readonly string[]): Promise<void> {
  const file = findingsFile(kind, content);
  await mkdir(path.dirname(file), { recursive: true });
  const aside = `${file}.${process.pid}`;
  await writeFile(aside, JSON.stringify(findings));
  await rename(aside, file);
}

async function checkedOnce(kind: string, content: Uint8Array, check: () => Promise<string[]>): Promise<string[]> {
  const known = await knownFindings(kind, content);
  if (known) return known;
  const findings = await check();
  await remember(kind, content, findings);
  return findings;
}
