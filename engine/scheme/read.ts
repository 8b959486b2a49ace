import { readFile, stat } from 'node:fs/promises';
import { FerryError } from '../errors.js';

/** Scheme files larger than this are refused before parsing (a scheme is a page or two of YAML). */
export const MAX_SCHEME_BYTES = 1024 * 1024;

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a scheme (or a file a scheme names) as UTF-8 text. Refuses missing files, files over
 * `maxBytes`, non-UTF-8 bytes and empty files with a FerryError located at line 1.
 */
export async function readSchemeText(file: string, maxBytes = MAX_SCHEME_BYTES): Promise<string> {
  const at = { file, line: 1, col: 1 };
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (e) {
    throw new FerryError('FILE_NOT_FOUND', `cannot read ${file}: no such file`, { at, cause: e });
  }
  if (size > maxBytes) {
    throw new FerryError('FILE_TOO_LARGE', `file is ${size} bytes; expected at most ${maxBytes} bytes`, { at });
  }
  const bytes = await readFile(file);
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch (e) {
    const bad = firstInvalidUtf8(bytes);
    throw new FerryError('FILE_NOT_UTF8', `file is not valid UTF-8 (first bad byte at offset ${bad}); save it as UTF-8`, { at: positionOf(bytes, bad, file), cause: e });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '' || /^(\s*#.*\n?)*\s*$/.test(text)) {
    throw new FerryError('FILE_EMPTY', 'file is empty; expected a scheme (a YAML mapping with name, version, connections, source, mapping, target)', { at });
  }
  return text;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.length;
  // Binary search for the shortest prefix that fails to decode.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid + 1), { stream: true });
      lo = mid + 1;
    } catch {
      hi = mid;
    }
  }
  return lo;
}

function positionOf(bytes: Uint8Array, offset: number, file: string) {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { file, line, col: offset - lineStart + 1 };
}
