/**
 * A map that remembers at most `capacity` keys, forgetting the oldest first. A key keeps its
 * first value and its place: remembering it again changes nothing.
 *
 * The oldest key is named by a ring of the keys in insertion order, never found by iterating the
 * Map: V8 keeps deleted entries in a Map until it rehashes, and an iteration skips them one by one,
 * so "delete the first key" after every insertion costs time in proportion to everything already
 * forgotten (test/unit/bounded-map.test.ts).
 */
export class BoundedMap<K, V> {
  private readonly values = new Map<K, V>();
  private readonly order: K[] = [];
  private oldest = 0;

  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    return this.values.get(key);
  }

  has(key: K): boolean {
    return this.values.has(key);
  }

  get size(): number {
    return this.values.size;
  }

  /** Remembers `value` for `key` unless the key is already remembered. */
  remember(key: K, value: V): void {
    if (this.values.has(key)) return;
    this.values.set(key, value);
    if (this.order.length < this.capacity) {
      this.order.push(key);
      return;
    }
    this.values.delete(this.order[this.oldest]!);
    this.order[this.oldest] = key;
    this.oldest = (this.oldest + 1) % this.capacity;
  }

  clear(): void {
    this.values.clear();
    this.order.length = 0;
    this.oldest = 0;
  }
}
