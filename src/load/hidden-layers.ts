import { PDFArray, PDFDict, PDFName, PDFStream, type PDFDocument, type PDFObject, type PDFPage } from '@cantoo/pdf-lib';
import { MissingObject, RawObjects, qpdfObjects, trailerRoot } from './raw-objects.js';

/** Whether any of the pages draws optional content (layers): marked content or forms tied to a layer. */
export function usesLayers(doc: PDFDocument, pages: readonly PDFPage[] = doc.getPages()): boolean {
  const isLayer = (value: PDFObject | undefined) => {
    const type = doc.context.lookupMaybe(value, PDFDict)?.get(PDFName.of('Type'));
    return type === PDFName.of('OCG') || type === PDFName.of('OCMD');
  };
  return pages.some((page) => {
    const resources = doc.context.lookupMaybe(page.node.getInheritableAttribute(PDFName.of('Resources')), PDFDict);
    const properties = doc.context.lookupMaybe(resources?.get(PDFName.of('Properties')), PDFDict);
    if (properties?.values().some(isLayer)) return true;
    const xobjects = doc.context.lookupMaybe(resources?.get(PDFName.of('XObject')), PDFDict);
    return xobjects?.values().some((value) => doc.context.lookupMaybe(value, PDFStream)?.dict.has(PDFName.of('OC'))) ?? false;
  });
}

/**
 * Whether the document hides some of its layers when it opens (/OCProperties /D: /OFF, or a
 * base state of OFF). A pack cannot show a PDF's layers as its viewer would: the hidden ones
 * would be printed. Read from the catalog, plainly where it is stored so, else through qpdf.
 */
export async function layersHiddenByDefault(original: Uint8Array, latin1: string, timeoutMs: number): Promise<boolean> {
  const rootRef = trailerRoot(latin1);
  if (!rootRef) return false;
  const raw = RawObjects.index(original, latin1);
  let get: (value: PDFObject | undefined) => Promise<PDFObject | undefined>;
  try {
    raw.get(rootRef);
    get = async (value) => raw.get(value);
  } catch (error) {
    if (!(error instanceof MissingObject)) throw error;
    get = qpdfObjects(original, timeoutMs);
  }
  const catalog = await get(rootRef);
  const properties = catalog instanceof PDFDict ? await get(catalog.get(PDFName.of('OCProperties'))) : undefined;
  const defaults = properties instanceof PDFDict ? await get(properties.get(PDFName.of('D'))) : undefined;
  if (!(defaults instanceof PDFDict)) return false;
  const off = await get(defaults.get(PDFName.of('OFF')));
  return (off instanceof PDFArray && off.size() > 0) || defaults.get(PDFName.of('BaseState')) === PDFName.of('OFF');
}
