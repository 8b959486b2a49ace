/**
 * The report of the memory benchmark's child (memory-child.mjs, plain JavaScript so the measured
 * process loads only ferry's bundle): one JSON line on stdout.
 */

/** What the child reports. */
export interface MemoryChildReport {
  exitCode: number;
  elapsedMs: number;
  /** Highest sampled `process.memoryUsage().rss`, bytes. */
  peakRss: number;
  /** The kernel's high-water mark of the resident set (VmHWM), bytes; 0 where /proc is missing. */
  vmHwm: number;
  /** Highest sampled V8 heap in use, bytes. */
  peakHeapUsed: number;
  /** Resident set at 10 %, 50 % and 90 % of the run's samples, bytes: growth within one run. */
  rssAt: { p10: number; p50: number; p90: number };
  /**
   * Lowest V8 heap in use in the second and in the last tenth of the run, bytes: what survives
   * garbage collection. The peak is mostly collectable garbage; a floor that rises means the run
   * keeps something per record.
   */
  heapFloor: { early: number; late: number };
  read: number;
  written: number;
}
