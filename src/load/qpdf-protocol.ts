/** What the main process and the qpdf helper (src/entries/qpdf-helper.ts) say to each other. */
export interface QpdfRequest {
  id: number;
  /** The qpdf executable. */
  qpdf: string;
  /** Its arguments; inputPlaceholder(n) stands for the path of input n. */
  args: string[];
  inputs: Uint8Array[];
  /** A JSON update, written beside the first input as `<input>.json`. */
  update?: string;
}

export type QpdfReply = { id: number; status: number; stdout: Uint8Array; stderr: string } | { id: number; error: string };

/** Stands for the path of input `index` in a request's arguments. */
export function inputPlaceholder(index: number): string {
  return `\u0000input${index}\u0000`;
}
