import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { matterhornFindings } from './matterhorn.js';
import { axeViolations, reflowProblems, withBrowserPage } from './browser-page.js';

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
    if (!bytes || !bytes.includes('<xmp:CreatorTool>committee-papers</xmp:CreatorTool>')) continue;
    for (const finding of await pdfFindings(bytes)) findings.push(`${file}: ${finding}`);
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
  if (pages.length === 0) return [];
  return withBrowserPage(320, async (page) => {
    const problems: string[] = [];
    for (const { file, html } of pages) {
      for (const violation of await axeViolations(page, html)) problems.push(`${file}: axe ${violation}`);
      const reflow = await reflowProblems(page, html);
      if (reflow.overflow > 0) problems.push(`${file}: scrolls ${reflow.overflow} px sideways at 320 px`);
      for (const word of reflow.brokenWords) problems.push(`${file}: "${word}" is broken across lines at 320 px`);
    }
    return problems;
  });
}
