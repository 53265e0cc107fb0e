/**
 * The in-memory patient name index: built from the decrypted patients after unlock, kept current
 * from the collection's changes, and discarded at lock (names never reach IndexedDB in a
 * searchable form). Prefix search over name tokens (case- and accent-insensitive) by binary
 * search in one sorted array; several words must all match, in any order.
 */
export interface NamedPatient {
  readonly id: string;
  readonly givenName: string;
  readonly familyName: string;
  /** The texting number (E.164) and date of birth, for lists and pickers (memory only). */
  readonly phone?: string;
  readonly dateOfBirth?: string;
}

export type NameMatch = NamedPatient;

export function normaliseName(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

const byName = (a: NamedPatient, b: NamedPatient) => a.familyName.localeCompare(b.familyName) || a.givenName.localeCompare(b.givenName) || (a.id < b.id ? -1 : 1);

function pick(p: NamedPatient): NamedPatient {
  return { id: p.id, givenName: p.givenName, familyName: p.familyName, ...(p.phone ? { phone: p.phone } : {}), ...(p.dateOfBirth ? { dateOfBirth: p.dateOfBirth } : {}) };
}

const tokensOf = (text: string) => normaliseName(text).split(/[^a-z0-9]+/).filter((t) => t.length > 0);

export class NameIndex {
  /** Sorted by token, then id. */
  private keys: string[] = [];
  private ids: string[] = [];
  private readonly people = new Map<string, NamedPatient>();
  private sortedCache: NamedPatient[] | null = null;
  private listeners = new Set<() => void>();
  /** Grows with every change (for React's external-store hooks). */
  version = 0;

  get size(): number {
    return this.people.size;
  }

  /** Replaces the whole index (one sort instead of many inserts). */
  load(patients: Iterable<NamedPatient>): void {
    this.people.clear();
    const pairs: [string, string][] = [];
    for (const p of patients) {
      this.people.set(p.id, pick(p));
      for (const token of new Set(tokensOf(`${p.givenName} ${p.familyName}`))) pairs.push([token, p.id]);
    }
    pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    this.keys = pairs.map((p) => p[0]);
    this.ids = pairs.map((p) => p[1]);
    this.changed();
  }

  /** One patient by id. */
  get(id: string): NamedPatient | undefined {
    return this.people.get(id);
  }

  /** Everyone, by family then given name (cached until the next change). */
  sorted(): readonly NamedPatient[] {
    this.sortedCache ??= [...this.people.values()].sort(byName);
    return this.sortedCache;
  }

  /** Patients whose texting number contains these digits (at least 3). */
  searchDigits(digits: string, limit = 50): NamedPatient[] {
    if (digits.length < 3) return [];
    const out: NamedPatient[] = [];
    for (const p of this.sorted()) {
      if (p.phone?.includes(digits)) out.push(p);
      if (out.length >= limit) break;
    }
    return out;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.sortedCache = null;
    this.version++;
    for (const listener of this.listeners) listener();
  }

  upsert(patient: NamedPatient): void {
    this.remove(patient.id);
    this.people.set(patient.id, pick(patient));
    for (const token of new Set(tokensOf(`${patient.givenName} ${patient.familyName}`))) {
      const at = this.lowerBound(token, patient.id);
      this.keys.splice(at, 0, token);
      this.ids.splice(at, 0, patient.id);
    }
    this.changed();
  }

  remove(id: string): void {
    const existing = this.people.get(id);
    if (!existing) return;
    this.people.delete(id);
    for (const token of new Set(tokensOf(`${existing.givenName} ${existing.familyName}`))) {
      const at = this.lowerBound(token, id);
      if (this.keys[at] === token && this.ids[at] === id) {
        this.keys.splice(at, 1);
        this.ids.splice(at, 1);
      }
    }
    this.changed();
  }

  clear(): void {
    this.keys = [];
    this.ids = [];
    this.people.clear();
    this.changed();
  }

  /** Patients whose name has a word starting with each word of `query`, sorted by family then given name. */
  search(query: string, limit = 50): NameMatch[] {
    const words = [...new Set(tokensOf(query))];
    if (words.length === 0) return [];
    // Start from the rarest word's matches, then check the others against each candidate's tokens.
    const candidateSets = words.map((w) => this.prefixIds(w));
    candidateSets.sort((a, b) => a.size - b.size);
    const [first, ...rest] = candidateSets;
    const out: NameMatch[] = [];
    for (const id of first!) {
      if (rest.every((set) => set.has(id))) {
        const p = this.people.get(id);
        if (p) out.push(p);
      }
    }
    out.sort(byName);
    return out.slice(0, limit);
  }

  private prefixIds(prefix: string): Set<string> {
    const out = new Set<string>();
    for (let i = this.lowerBound(prefix, ''); i < this.keys.length && this.keys[i]!.startsWith(prefix); i++) out.add(this.ids[i]!);
    return out;
  }

  private lowerBound(token: string, id: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const k = this.keys[mid]!;
      if (k < token || (k === token && this.ids[mid]! < id)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
