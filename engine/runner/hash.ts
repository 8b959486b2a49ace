import { createHash } from 'node:crypto';

/**
 * Content hash of a mapped document, to tell a real change from a touched `modified` timestamp.
 * Key order is the mapping's (deterministic), so JSON text is a stable basis.
 */
export function contentHash(document: unknown): string {
  return createHash('sha256').update(JSON.stringify(document)).digest('hex').slice(0, 32);
}
