/**
 * Decides when the checkpoint may move. Work arrives in ordered units (windows, or cursor pages);
 * each unit holds records whose fate is pending until settled. The checkpoint moves to a unit's
 * value only when that unit and every unit before it is fully read and fully settled — never past
 * a record whose fate is unknown. Units the checkpoint has passed are forgotten, so a long run in
 * cursor mode (a unit per page) keeps only the units still open, not one per page read.
 */
export class CheckpointTracker {
  private readonly units = new Map<number, { value: string; pending: number; readDone: boolean }>();
  /** The id the next opened unit gets. */
  private nextId = 0;
  /** The oldest unit the checkpoint has not passed yet. */
  private next = 0;

  /** Opens a unit; returns its id. Units must be opened in source order. */
  open(value: string): number {
    this.units.set(this.nextId, { value, pending: 0, readDone: false });
    return this.nextId++;
  }

  /** A record of `unit` is in flight. */
  hold(unit: number): void {
    this.unit(unit).pending++;
  }

  /** A record of `unit` settled. */
  release(unit: number): void {
    this.unit(unit).pending--;
  }

  /** Everything of `unit` has been read. */
  readDone(unit: number): void {
    this.unit(unit).readDone = true;
  }

  /** The value the checkpoint may advance to now (the newest completed prefix), if it moved. */
  advance(): string | undefined {
    let moved: string | undefined;
    for (let u = this.units.get(this.next); u?.readDone && u.pending <= 0; u = this.units.get(this.next)) {
      moved = u.value;
      this.units.delete(this.next);
      this.next++;
    }
    return moved;
  }

  /** How many units are kept: opened and not yet passed by the checkpoint. */
  get size(): number {
    return this.units.size;
  }

  private unit(id: number) {
    const u = this.units.get(id);
    // A record can only belong to a unit the checkpoint has not passed; anything else is a bug.
    if (!u) throw new RangeError(`checkpoint unit ${id} is not open`);
    return u;
  }
}
