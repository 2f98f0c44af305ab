import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { matterhornFindings } from './matterhorn.js';

/**
 * Every PDF the tool wrote under these folders, held to the Matterhorn checks (matterhorn.ts):
 * a file that claims PDF/UA must pass them all; a pack with PDF papers (which claims nothing,
 * as the papers' own tags are not carried) must pass them all but for the papers' pages drawn
 * in. The tool's files are known by the XMP it writes (CreatorTool committee-papers); the PDFs
 * tests make as inputs are not its own and are left alone. Returns "file: finding" lines.
 */
export async function producedPdfFindings(dirs: readonly string[]): Promise<string[]> {
  const findings: string[] = [];
  for (const dir of dirs) {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isFile() || !entry.name.endsWith('.pdf')) continue;
      const file = path.join(entry.parentPath, entry.name);
      const bytes = await readFile(file).catch(() => undefined);
      if (!bytes || !bytes.includes('<xmp:CreatorTool>committee-papers</xmp:CreatorTool>')) continue;
      const claimsPdfUa = bytes.includes('<pdfuaid:part>1</pdfuaid:part>');
      for (const finding of await matterhornFindings(new Uint8Array(bytes), claimsPdfUa ? { claimsPdfUa } : { papersAllowed: true })) findings.push(`${file}: ${finding}`);
    }
  }
  return findings;
}
