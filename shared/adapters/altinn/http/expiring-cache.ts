/**
 * A small bounded cache whose entries expire, with single-flight loading: concurrent callers of `getOrLoad` for the
 * same key share one load. Failed loads are not cached, so an outage is retried on the next call rather than
 * remembered. Least recently used entries are evicted first once `maxEntries` is reached (a Map keeps insertion
 * order; re-inserting on read moves an entry to the end).
 */
export interface ExpiringCacheOptions {
  maxEntries: number;
  /** Milliseconds since the epoch; injectable so tests can move time. */
  now?: () => number;
}

interface Entry<V> {
  value: V;
  expiresAt: number;
}

export class ExpiringCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly loading = new Map<string, Promise<V>>();
  private readonly now: () => number;

  constructor(private readonly options: ExpiringCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, ttlMs: number): void {
    if (ttlMs <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** The cached value, or the result of `load` (cached for the ttl it returns alongside the value). */
  async getOrLoad(key: string, load: () => Promise<{ value: V; ttlMs: number }>): Promise<V> {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    const pending = this.loading.get(key);
    if (pending) return pending;
    const loaded = (async () => {
      try {
        const { value, ttlMs } = await load();
        this.set(key, value, ttlMs);
        return value;
      } finally {
        this.loading.delete(key);
      }
    })();
    this.loading.set(key, loaded);
    return loaded;
  }
}
