// Write batches inflate ahead of their turn (issue #11): a first sync sends batches faster than
// the agent writes them, and a batch that arrived while the ahead-slots were full used to wait
// for its turn to even start inflating. Now each freed slot goes to the oldest waiting batch.
// At most `limit` batches are inflated (or inflating) and not yet taken: memory stays bounded.

interface Slot<T> {
  inflate: () => Promise<T>;
  result?: Promise<T>;
}

/** `T`: what one batch inflates to (the agent: its body's pieces). */
export class InflateAhead<T> {
  readonly #limit: number;
  readonly #waiting: Array<Slot<T>> = [];
  #started = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** A batch arrived; the function returned gives its bytes in its turn (and frees its slot). */
  add(inflate: () => Promise<T>): () => Promise<T> {
    const slot: Slot<T> = { inflate };
    this.#waiting.push(slot);
    this.#pump();
    return () => {
      const at = this.#waiting.indexOf(slot);
      if (at >= 0) this.#waiting.splice(at, 1);
      if (slot.result === undefined) slot.result = slot.inflate();
      else this.#started--;
      this.#pump();
      return slot.result;
    };
  }

  #pump(): void {
    for (const slot of this.#waiting) {
      if (this.#started >= this.#limit) return;
      if (slot.result !== undefined) continue;
      slot.result = slot.inflate();
      slot.result.catch(() => undefined); // its owner awaits it in its turn
      this.#started++;
    }
  }
}
