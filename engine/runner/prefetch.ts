/**
 * Reads up to `ahead` items of an async iterable before they are asked for, so the source keeps
 * using its rate budget while the consumer waits on writes. Bounded: at most `ahead` items are
 * buffered, so memory stays flat however long the stream. Errors surface in order, when the
 * consumer reaches them.
 */
export async function* prefetch<T>(source: AsyncIterable<T>, ahead: number): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  const queue: Array<Promise<IteratorResult<T>>> = [];
  let done = false;
  const fill = () => {
    while (!done && queue.length < ahead) {
      const next = it.next();
      queue.push(next);
      next.then(
        (r) => {
          if (r.done) done = true;
        },
        () => {
          done = true;
        },
      );
    }
  };
  try {
    for (;;) {
      fill();
      const head = queue.shift();
      if (!head) return;
      const r = await head;
      if (r.done) return;
      yield r.value;
    }
  } finally {
    await it.return?.();
  }
}
