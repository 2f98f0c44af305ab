import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRef, PDFStream, PDFString, PDFHexString, decodePDFRawStream, PDFRawStream, type PDFObject } from '@cantoo/pdf-lib';
import { pagesWithUntaggedContent } from './pdf-untagged.js';

/**
 * The machine-checkable checkpoints of the Matterhorn Protocol 1.1 (PDF/UA-1) that apply to
 * the documents this tool makes, written out here as no PDF/UA validator (veraPDF) runs on
 * these machines. Each finding is "checkpoint: what", so a test can say which it allows.
 *
 * Checked: 01-001 content neither tagged nor an artifact; 02-001 structure types that are
 * neither standard nor role-mapped; 06-001/06-002/06-003 XMP metadata, its PDF/UA identifier and
 * dc:title (when the file claims PDF/UA); 07-001 the title shown in the window; 11-001 the
 * document's language; 13-004 figures without alternate text; 14-002/14-003 the first heading
 * and skipped heading levels; 15-xxx table cells and rows outside their parents; 09-xxx list
 * items outside lists; 28-004 annotations without a description; 28-008 pages with
 * annotations without tab order /S; 28-011 links outside a Link element; 31-xxx fonts not embedded.
 */
export async function matterhornFindings(pdf: Uint8Array, options: { untaggedPagesAllowed?: ReadonlySet<number>; claimsPdfUa?: boolean; papersAllowed?: boolean } = {}): Promise<string[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: Infinity });
  const { context, catalog } = doc;
  const findings: string[] = [];
  const lookup = <T extends PDFObject>(value: PDFObject | undefined, type: PdfClass<T>): T | undefined => {
    const object = value instanceof PDFRef ? context.lookup(value) : value;
    return object instanceof type ? (object as T) : undefined;
  };
  const name = (value: PDFObject | undefined) => lookup(value, PDFName)?.decodeText();
  const text = (value: PDFObject | undefined) => {
    const object = value instanceof PDFRef ? context.lookup(value) : value;
    return object instanceof PDFString || object instanceof PDFHexString ? object.decodeText() : undefined;
  };

  // 01-001: every content item tagged or an artifact.
  // With papersAllowed, a PDF paper's page drawn in (its tags not carried: a pack with papers claims no PDF/UA) is let pass, and everything around it is checked.
  for (const page of await pagesWithUntaggedContent(pdf, options.untaggedPagesAllowed, options.papersAllowed)) findings.push(`01-001: page ${page} has content neither tagged nor an artifact`);

  // 06: metadata; 07-001: the title in the window; 11-001: language.
  const metadata = lookup(catalog.get(PDFName.of('Metadata')), PDFStream);
  const xmp = metadata instanceof PDFRawStream ? new TextDecoder().decode(decodePDFRawStream(metadata).decode()) : undefined;
  if (options.claimsPdfUa) {
    if (!xmp) findings.push('06-001: no XMP metadata stream');
    else {
      if (!/pdfuaid:part(>|=")1/.test(xmp)) findings.push('06-002: the XMP metadata has no PDF/UA identifier');
      if (!/<dc:title>[\s\S]*<rdf:li[^>]*>[^<]+<\/rdf:li>/.test(xmp)) findings.push('06-003: the XMP metadata has no dc:title');
    }
  }
  const viewer = lookup(catalog.get(PDFName.of('ViewerPreferences')), PDFDict);
  if (viewer?.get(PDFName.of('DisplayDocTitle'))?.toString() !== 'true') findings.push('07-001: the title is not shown in the window (DisplayDocTitle)');
  if (!text(catalog.get(PDFName.of('Lang')))) findings.push('11-001: no document language');
  if (
    lookup(catalog.get(PDFName.of('MarkInfo')), PDFDict)
      ?.get(PDFName.of('Marked'))
      ?.toString() !== 'true'
  )
    findings.push('01-002: not marked as tagged (MarkInfo /Marked)');

  // The structure tree, in document order.
  const root = lookup(catalog.get(PDFName.of('StructTreeRoot')), PDFDict);
  if (!root) {
    findings.push('01-003: no structure tree');
    return findings;
  }
  const roleMap = lookup(root.get(PDFName.of('RoleMap')), PDFDict);
  const role = (type: string) => {
    let mapped = type;
    for (let hops = 0; hops < 8 && !STANDARD_TYPES.has(mapped); hops++) {
      const next = name(roleMap?.get(PDFName.of(mapped)));
      if (!next) break;
      mapped = next;
    }
    return mapped;
  };
  const headings: number[] = [];
  const annotationsInTree = new Set<string>();
  const linksInTree = new Set<string>();
  const visit = (node: PDFObject | undefined, parentRole: string, depth: number): void => {
    if (depth > 200) return;
    const ref = node instanceof PDFRef ? node : undefined;
    const dict = lookup(node, PDFDict);
    if (!dict) {
      const array = lookup(node, PDFArray);
      for (const kid of array?.asArray() ?? []) visit(kid, parentRole, depth + 1);
      return;
    }
    const type = name(dict.get(PDFName.of('Type')));
    if (type === 'OBJR') {
      const annotation = dict.get(PDFName.of('Obj'));
      if (annotation instanceof PDFRef) {
        annotationsInTree.add(annotation.toString());
        if (parentRole === 'Link') linksInTree.add(annotation.toString());
      }
      return;
    }
    if (type === 'MCR') return;
    const structureType = name(dict.get(PDFName.of('S')));
    if (structureType === undefined) {
      visit(dict.get(PDFName.of('K')), parentRole, depth + 1);
      return;
    }
    const own = role(structureType);
    if (!STANDARD_TYPES.has(own)) findings.push(`02-001: structure type /${structureType} is neither standard nor role-mapped`);
    const level = /^H([1-6])$/.exec(own)?.[1];
    if (level) headings.push(Number(level));
    if (own === 'Figure' && !text(dict.get(PDFName.of('Alt'))) && !text(dict.get(PDFName.of('ActualText')))) findings.push(`13-004: a Figure${ref ? ` (${ref.toString()})` : ''} has no alternate text`);
    if ((own === 'TH' || own === 'TD') && parentRole !== 'TR') findings.push(`15-003: a ${own} is in a ${parentRole}, not a TR`);
    if (own === 'TR' && !['Table', 'THead', 'TBody', 'TFoot'].includes(parentRole)) findings.push(`15-003: a TR is in a ${parentRole}, not a table`);
    if (own === 'LI' && parentRole !== 'L') findings.push(`09-004: an LI is in a ${parentRole}, not an L`);
    if ((own === 'LBody' || own === 'Lbl') && parentRole !== 'LI') findings.push(`09-004: an ${own} is in a ${parentRole}, not an LI`);
    visit(dict.get(PDFName.of('K')), own, depth + 1);
  };
  visit(root.get(PDFName.of('K')), 'StructTreeRoot', 0);

  // 14: the first heading is H1, and no level is skipped on the way down.
  if (headings.length > 0 && headings[0] !== 1) findings.push(`14-002: the first heading is H${headings[0]}, not H1`);
  for (let index = 1; index < headings.length; index++) {
    const [before, now] = [headings[index - 1] as number, headings[index] as number];
    if (now > before + 1) findings.push(`14-003: H${now} follows H${before}`);
  }

  // 28: annotations; 31: fonts.
  const fonts = new Set<string>();
  doc.getPages().forEach((page, index) => {
    const annotations = page.node.Annots()?.asArray() ?? [];
    const visible = annotations.filter((entry) => {
      const annotation = lookup(entry, PDFDict);
      const subtype = name(annotation?.get(PDFName.of('Subtype')));
      const flags = lookup(annotation?.get(PDFName.of('F')), PDFNumber)?.asNumber() ?? 0;
      return subtype !== 'Popup' && (flags & 2) === 0;
    });
    if (visible.length > 0 && name(page.node.get(PDFName.of('Tabs'))) !== 'S') findings.push(`28-008: page ${index + 1} has annotations but no tab order /S`);
    for (const entry of visible) {
      const annotation = lookup(entry, PDFDict);
      const subtype = name(annotation?.get(PDFName.of('Subtype')));
      if (!text(annotation?.get(PDFName.of('Contents')))) findings.push(`28-004: a ${subtype} annotation on page ${index + 1} has no description`);
      if (subtype === 'Link' && !(entry instanceof PDFRef && linksInTree.has(entry.toString()))) findings.push(`28-011: a link on page ${index + 1} is not in a Link structure element`);
      else if (subtype !== 'Link' && !(entry instanceof PDFRef && annotationsInTree.has(entry.toString()))) findings.push(`28-002: a ${subtype} annotation on page ${index + 1} is not in the structure tree`);
    }
    collectFonts(lookup(page.node.get(PDFName.of('Resources')), PDFDict), fonts, lookup, 0, options.papersAllowed ?? false);
  });
  for (const font of fonts) findings.push(`31-001: font ${font} is not embedded`);
  return findings;
}

/** The alternate text of every Figure in the structure tree, in document order. */
export async function figureAlternates(pdf: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const found: string[] = [];
  const visit = (node: PDFObject | undefined, depth: number): void => {
    const object = node instanceof PDFRef ? doc.context.lookup(node) : node;
    if (depth > 200) return;
    if (object instanceof PDFArray) {
      for (const kid of object.asArray()) visit(kid, depth + 1);
      return;
    }
    if (!(object instanceof PDFDict)) return;
    if (object.get(PDFName.of('S')) === PDFName.of('Figure')) {
      const alt = object.get(PDFName.of('Alt'));
      found.push(alt instanceof PDFString || alt instanceof PDFHexString ? alt.decodeText() : '');
    }
    visit(object.get(PDFName.of('K')), depth + 1);
  };
  visit(doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict)?.get(PDFName.of('K')), 0);
  return found;
}

/** Fonts (by base name) without an embedded font program, following forms' own resources. */
function collectFonts(resources: PDFDict | undefined, missing: Set<string>, lookup: <T extends PDFObject>(value: PDFObject | undefined, type: PdfClass<T>) => T | undefined, depth: number, skipPapers: boolean): void {
  if (!resources || depth > 8) return;
  const fontDict = lookup(resources.get(PDFName.of('Font')), PDFDict);
  for (const value of fontDict?.values() ?? []) {
    const font = lookup(value, PDFDict);
    if (!font || lookup(font.get(PDFName.of('Subtype')), PDFName)?.decodeText() === 'Type3') continue;
    const descendant = lookup(lookup(font.get(PDFName.of('DescendantFonts')), PDFArray)?.get(0), PDFDict);
    const descriptor = lookup((descendant ?? font).get(PDFName.of('FontDescriptor')), PDFDict);
    const embedded = ['FontFile', 'FontFile2', 'FontFile3'].some((key) => descriptor?.has(PDFName.of(key)));
    if (!embedded) missing.add(lookup(font.get(PDFName.of('BaseFont')), PDFName)?.decodeText() ?? '?');
  }
  const xobjects = lookup(resources.get(PDFName.of('XObject')), PDFDict);
  for (const [key, value] of xobjects?.entries() ?? []) {
    // A PDF paper's page or annotation drawn in (src/assemble/pdf/place-pdf.ts names them): its fonts are the paper's.
    if (skipPapers && depth === 0 && /^Papers(Page|Annot)/.test(key.decodeText())) continue;
    const xobject = lookup(value, PDFStream);
    if (lookup(xobject?.dict.get(PDFName.of('Subtype')), PDFName)?.decodeText() === 'Form') collectFonts(lookup(xobject?.dict.get(PDFName.of('Resources')), PDFDict), missing, lookup, depth + 1, skipPapers);
  }
}

/** A pdf-lib object class, for instanceof (their constructors are not public). */
// biome-ignore lint/complexity/noBannedTypes: their constructors are private, so only Function fits instanceof
type PdfClass<T> = Function & { prototype: T };

/** The standard structure types of PDF 1.7 (ISO 32000-1, 14.8.4). */
const STANDARD_TYPES = new Set([
  'Document',
  'Part',
  'Art',
  'Sect',
  'Div',
  'BlockQuote',
  'Caption',
  'TOC',
  'TOCI',
  'Index',
  'NonStruct',
  'Private',
  'P',
  'H',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'L',
  'LI',
  'Lbl',
  'LBody',
  'Table',
  'TR',
  'TH',
  'TD',
  'THead',
  'TBody',
  'TFoot',
  'Span',
  'Quote',
  'Note',
  'Reference',
  'BibEntry',
  'Code',
  'Link',
  'Annot',
  'Ruby',
  'RB',
  'RT',
  'RP',
  'Warichu',
  'WT',
  'WP',
  'Figure',
  'Formula',
  'Form',
]);
