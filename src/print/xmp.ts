import { PDFName, type PDFDocument } from '@cantoo/pdf-lib';

export interface XmpFields {
  title: string;
  author?: string | undefined;
  subject: string;
  keywords?: readonly string[] | undefined;
  language: string;
  /** Claim PDF/UA-1 (pdfuaid:part 1): only for a file whose every content item is tagged or an artifact. */
  pdfUa: boolean;
}

/**
 * XMP metadata (ISO 16684-1) for a finished PDF: the title, author, subject, keywords and
 * language the document information holds, where PDF/UA asks for them (dc:title), and the
 * PDF/UA identifier for a file that meets it as far as it can be checked here.
 */
export function setXmpMetadata(doc: PDFDocument, fields: XmpFields): void {
  const lines = [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"${fields.pdfUa ? ' xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"' : ''}>`,
    '<dc:format>application/pdf</dc:format>',
    `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(fields.title)}</rdf:li></rdf:Alt></dc:title>`,
    ...(fields.author ? [`<dc:creator><rdf:Seq><rdf:li>${escapeXml(fields.author)}</rdf:li></rdf:Seq></dc:creator>`] : []),
    `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(fields.subject)}</rdf:li></rdf:Alt></dc:description>`,
    `<dc:language><rdf:Bag><rdf:li>${escapeXml(fields.language)}</rdf:li></rdf:Bag></dc:language>`,
    ...(fields.keywords && fields.keywords.length > 0 ? [`<pdf:Keywords>${escapeXml(fields.keywords.join(', '))}</pdf:Keywords>`] : []),
    '<xmp:CreatorTool>committee-papers</xmp:CreatorTool>',
    ...(fields.pdfUa ? ['<pdfuaid:part>1</pdfuaid:part>'] : []),
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ];
  // Not compressed, so any tool can read it; UTF-8, as XMP is.
  const stream = doc.context.stream(new TextEncoder().encode(lines.join('\n')), { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(stream));
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char] ?? char);
}
