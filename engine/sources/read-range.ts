import type { WindowSpec } from '../scheme/types.js';
import type { SourceConnector, SourcePage, TimeWindow } from './types.js';
import { planWindows } from './windows.js';

/** One page of a range read, with the index of its window. */
export interface RangePage extends SourcePage {
  windowIndex: number;
}

/** The windows covering `from`..`to` (wall clock of the source), for `readRange`. */
export function rangeWindows(spec: WindowSpec, from: string, to: string): TimeWindow[] {
  return planWindows({ spec, now: new Date(), from, to });
}

/**
 * Every page of `windows`, in order, from one connector — which is
 * what makes a record modified exactly on a window boundary come out once (the connector drops
 * the second copy), so callers need no de-duplication of their own.
 */
export async function* readRange(source: SourceConnector, windows: readonly TimeWindow[]): AsyncGenerator<RangePage> {
  for (const [windowIndex, window] of windows.entries()) {
    for await (const page of source.readWindow(window)) yield { ...page, windowIndex };
  }
}
