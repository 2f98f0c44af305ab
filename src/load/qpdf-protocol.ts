/** What the main process and the qpdf helper (qpdf-helper.ts) say to each other. */
export interface QpdfRequest {
  id: number;
  /** The qpdf executable. */
  qpdf: string;
  /** Its arguments; INPUT_PLACEHOLDER stands for the input file's path. */
  args: string[];
  bytes: Uint8Array;
  /** A JSON update, written beside the input as `<input>.json`. */
  update?: string;
}

export type QpdfReply = { id: number; status: number; stdout: Uint8Array; stderr: string } | { id: number; error: string };

/** Stands for the input file's path in a request's arguments. */
export const INPUT_PLACEHOLDER = '\u0000input\u0000';
