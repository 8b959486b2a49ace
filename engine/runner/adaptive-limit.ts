/**
 * How many write calls may be in flight: starts at the scheme's `concurrency` and adapts like TCP
 * congestion control (additive increase, multiplicative decrease). Kingdee answering call limit
 * (MsgCode 14) or network-control conflict (13), or a call taking much longer than the recent
 * norm, halves it (never below 1); a run of healthy calls raises it by one, up to the maximum.
 * It also paces call starts (`spacingMs`) so concurrent calls do not travel in lockstep.
 */
export class AdaptiveLimit {
  private current: number;
  private healthy = 0;
  private baselineMs = 0;

  constructor(private readonly max: number) {
    this.current = max;
  }

  /** The number of calls allowed in flight now. */
  get value(): number {
    return this.current;
  }

  /**
   * The least time between the starts of two calls, ms: half a typical call's time per slot
   * (0 until a call has answered). It never lowers the ceiling: `value` slots each busy
   * `baselineMs` allow value/baselineMs calls a second, and this spacing allows twice that.
   */
  get spacingMs(): number {
    return this.baselineMs / (2 * this.current);
  }

  /** A call answered normally after `latencyMs`. */
  success(latencyMs: number): void {
    if (this.baselineMs === 0) this.baselineMs = latencyMs;
    if (latencyMs > 3 * this.baselineMs && latencyMs > 1_000) {
      this.decrease();
      return;
    }
    this.baselineMs = this.baselineMs * 0.8 + latencyMs * 0.2;
    if (++this.healthy >= 2 * this.current && this.current < this.max) {
      this.current++;
      this.healthy = 0;
    }
  }

  /** The target pushed back (call limit, network-control conflict). */
  pushedBack(): void {
    this.decrease();
  }

  private decrease(): void {
    this.current = Math.max(1, Math.floor(this.current / 2));
    this.healthy = 0;
  }
}
