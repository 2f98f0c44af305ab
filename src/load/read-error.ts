/** A file-system error as a plain sentence for the user, without codes or stack. */
export function describeReadError(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'ELOOP') return 'too many symbolic links (a symlink loop?)';
  if (code === 'EISDIR') return 'expected a file, found a directory';
  return error instanceof Error ? error.message : String(error);
}
