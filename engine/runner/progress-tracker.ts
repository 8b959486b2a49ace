/**
 * Decides when the checkpoint may move. Work arrives in ordered units (windows, or cursor pages);
 * each unit holds records whose fate is pending until settled. The checkpoint moves to a unit's
 * value only when that unit and every unit before it is fully read and fully settled — never past
 * a record whose fate is unknown.
 */
export class CheckpointTracker {
  private readonly units: Array<{ value: string; pending: number; readDone: boolean }> = [];
  private next = 0;

  /** Opens a unit; returns its id. Units must be opened in source order. */
  open(value: string): number {
    this.units.push({ value, pending: 0, readDone: false });
    return this.units.length - 1;
  }

  /** A record of `unit` is in flight. */
  hold(unit: number): void {
    this.units[unit]!.pending++;
  }

  /** A record of `unit` settled. */
  release(unit: number): void {
    this.units[unit]!.pending--;
  }

  /** Everything of `unit` has been read. */
  readDone(unit: number): void {
    this.units[unit]!.readDone = true;
  }

  /** The value the checkpoint may advance to now (the newest completed prefix), if it moved. */
  advance(): string | undefined {
    let moved: string | undefined;
    while (this.next < this.units.length) {
      const u = this.units[this.next]!;
      if (!u.readDone || u.pending > 0) break;
      moved = u.value;
      this.next++;
    }
    return moved;
  }
}
