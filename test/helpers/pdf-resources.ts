import { PDFDict, PDFDocument, PDFName, PDFStream, type PDFObject } from '@cantoo/pdf-lib';

/**
 * Fonts and XObjects that a page (or a form drawn on it) names but the file does not hold: a
 * viewer then draws nothing for them (a filled-in form's value vanishes). Returns a line for each.
 */
export async function missingResources(pdf: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const problems: string[] = [];
  const seen = new Set<PDFObject>();
  const check = (resources: PDFObject | undefined, where: string, depth: number) => {
    const dict = doc.context.lookupMaybe(resources, PDFDict);
    if (!dict || seen.has(dict) || depth > 16) return;
    seen.add(dict);
    for (const kind of ['Font', 'XObject']) {
      for (const [name, value] of doc.context.lookupMaybe(dict.get(PDFName.of(kind)), PDFDict)?.entries() ?? []) {
        const target = doc.context.lookup(value);
        if (kind === 'Font' && !(target instanceof PDFDict)) problems.push(`${where}: font ${name.asString()} is missing`);
        if (kind === 'XObject') {
          if (!(target instanceof PDFStream)) problems.push(`${where}: XObject ${name.asString()} is missing`);
          else check(target.dict.get(PDFName.of('Resources')), `${where} ${name.asString()}`, depth + 1);
        }
      }
    }
  };
  doc.getPages().forEach((page, index) => {
    check(page.node.getInheritableAttribute(PDFName.of('Resources')), `page ${index + 1}`, 0);
  });
  return problems;
}
