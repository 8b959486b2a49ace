import { describe, expect, it } from 'vitest';
import { CheckpointTracker } from '../../engine/runner/progress-tracker.js';

type Step = ['open', string] | ['hold' | 'release' | 'read', number] | ['advance', string | undefined];

describe('CheckpointTracker', () => {
  it.each<{ name: string; steps: Step[] }>([
    { name: 'a read, settled unit moves the checkpoint', steps: [['open', 'w1'], ['hold', 0], ['read', 0], ['advance', undefined], ['release', 0], ['advance', 'w1']] },
    { name: 'a later unit done first waits for the earlier one', steps: [['open', 'w1'], ['open', 'w2'], ['hold', 0], ['read', 0], ['read', 1], ['advance', undefined], ['release', 0], ['advance', 'w2']] },
    { name: 'an unread unit holds the checkpoint even with nothing pending', steps: [['open', 'w1'], ['advance', undefined], ['read', 0], ['advance', 'w1']] },
    { name: 'no move twice for the same unit', steps: [['open', 'w1'], ['read', 0], ['advance', 'w1'], ['advance', undefined]] },
  ])('$name', ({ steps }) => {
    const t = new CheckpointTracker();
    for (const [op, arg] of steps) {
      if (op === 'open') t.open(arg);
      else if (op === 'hold') t.hold(arg);
      else if (op === 'release') t.release(arg);
      else if (op === 'read') t.readDone(arg);
      else expect(t.advance()).toBe(arg);
    }
  });

  it('forgets the units the checkpoint has passed: a long cursor run keeps only the open ones', () => {
    const t = new CheckpointTracker();
    for (let page = 0; page < 10_000; page++) {
      const unit = t.open(`cursor-${page}`);
      t.hold(unit);
      t.readDone(unit);
      if (page >= 2) t.release(unit - 2);
      t.advance();
    }
    expect(t.size).toBe(2);
    expect(t.advance()).toBeUndefined();
  });

  it('a record of a unit already passed is a bug, not a silent miscount', () => {
    const t = new CheckpointTracker();
    const u = t.open('w1');
    t.readDone(u);
    t.advance();
    expect(() => t.release(u)).toThrow(RangeError);
  });
});
