import { describe, expect, it } from 'vitest';
import { markUntaggedAsArtifacts } from '../../src/load/content-tokens.js';

const mark = (content: string) => {
  const marked = markUntaggedAsArtifacts(Buffer.from(content, 'latin1'));
  return marked === undefined ? undefined : Buffer.from(marked).toString('latin1');
};
const artifact = (content: string) => `/Artifact BMC\n${content}\nEMC\n`;

/**
 * The artifact pass reads content streams with its own small lexer: these are the cases where
 * a lexer that looked for operator names in the raw bytes would go wrong.
 */
describe('marking untagged content as artifacts', () => {
  it('wraps a running footer drawn before the tagged content, and leaves the tagged content alone', () => {
    const footer = 'BT /F1 9 Tf 1 0 0 -1 300 20 Tm <0033> Tj ET';
    const tagged = '/P <</MCID 0 >>BDC BT /F1 12 Tf (Text) Tj ET EMC';
    expect(mark(`q ${footer} Q ${tagged}`)).toBe(`q ${artifact(footer)} Q ${tagged}`);
  });

  it('is not misled by operator names inside strings, hex strings, names, dictionaries and comments', () => {
    const text = 'BT (BDC \\) EMC \\( BT) Tj <42444320454d43> Tj ET';
    const tagged = '/Span <</MCID 1 /ActualText (EMC ET) /Alt <4554>>>BDC 0 0 1 1 re f EMC';
    const comment = '% BDC EMC in a comment\n';
    expect(mark(`${text} ${comment}${tagged}`)).toBe(`${artifact(text)} ${comment}${tagged}`);
  });

  it('wraps painted paths whole, drops a clip-only path, and wraps images and shadings', () => {
    const path = '10 10 m 20 20 l 5 5 10 10 re S';
    expect(mark(`${path} 0 0 5 5 re W n /Im1 Do /Sh1 sh`)).toBe(`${artifact(path)} 0 0 5 5 re W n ${artifact('/Im1 Do')} ${artifact('/Sh1 sh')}`);
  });

  it('steps over an inline image whose data holds any bytes', () => {
    const image = 'BI /W 2 /H 1 /BPC 8 /CS /G ID \u0000BDC\u00ffEMC EI';
    const tagged = '/P <</MCID 2>> BDC BT (x) Tj ET EMC';
    expect(mark(`${image} ${tagged}`)).toBe(`${artifact(image)} ${tagged}`);
  });

  it('leaves a text object holding tagged content, and content nested in marked sequences', () => {
    const mixed = 'BT /P <</MCID 3>> BDC (tagged) Tj EMC (after) Tj ET';
    const nested = '/Div <</MCID 4>> BDC /Span BMC 0 0 1 1 re f EMC EMC';
    expect(mark(`${mixed} ${nested}`)).toBeUndefined();
  });

  it('reads true, false, null and numbers as operands, not operators', () => {
    const path = '0 0 m -1.5 +2 l .5 0 l h f*';
    expect(mark(`/Name true false null ${path}`)).toBe(`${artifact(`/Name true false null ${path}`)}`);
  });
});
