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
}

export type NameMatch = NamedPatient;

export function normaliseName(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

const tokensOf = (text: string) => normaliseName(text).split(/[^a-z0-9]+/).filter((t) => t.length > 0);

export class NameIndex {
  /** Sorted by token, then id. */
  private keys: string[] = [];
  private ids: string[] = [];
  private readonly people = new Map<string, NamedPatient>();

  get size(): number {
    return this.people.size;
  }

  /** Replaces the whole index (one sort instead of many inserts). */
  load(patients: Iterable<NamedPatient>): void {
    this.people.clear();
    const pairs: [string, string][] = [];
    for (const p of patients) {
      this.people.set(p.id, { id: p.id, givenName: p.givenName, familyName: p.familyName });
      for (const token of new Set(tokensOf(`${p.givenName} ${p.familyName}`))) pairs.push([token, p.id]);
    }
    pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    this.keys = pairs.map((p) => p[0]);
    this.ids = pairs.map((p) => p[1]);
  }

  upsert(patient: NamedPatient): void {
    this.remove(patient.id);
    this.people.set(patient.id, { id: patient.id, givenName: patient.givenName, familyName: patient.familyName });
    for (const token of new Set(tokensOf(`${patient.givenName} ${patient.familyName}`))) {
      const at = this.lowerBound(token, patient.id);
      this.keys.splice(at, 0, token);
      this.ids.splice(at, 0, patient.id);
    }
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
  }

  clear(): void {
    this.keys = [];
    this.ids = [];
    this.people.clear();
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
    out.sort((a, b) => a.familyName.localeCompare(b.familyName) || a.givenName.localeCompare(b.givenName) || (a.id < b.id ? -1 : 1));
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
