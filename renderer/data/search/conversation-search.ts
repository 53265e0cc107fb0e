/**
 * Searching the inbox by patient name, phone number and message text, over decrypted data held
 * in memory only (nothing searchable is ever written to disk). Names (and patients' numbers)
 * come from the session's name index at once, mapped to conversations through the queue's plain
 * rows. Unmatched numbers and message text need every conversation and message decrypted,
 * so that index is built the first time someone searches, in slices that leave the screen
 * responsive, with its progress reported; it then follows new messages and is dropped at lock.
 */
import type { Subscription } from 'rxjs';
import type { PracticeDb } from '../database/open-practice-db';
import type { ConversationDoc, MessageDoc } from '../schema';
import { readPrimaryKeys } from '../storage/dexie-plain-read';
import { normaliseName, type NameIndex } from './name-index';

export interface SearchAnswer {
  /** Conversation ids that match. */
  readonly ids: ReadonlySet<string>;
  /** False while message text is still being read: more matches may come. */
  readonly complete: boolean;
  /** 0..1 of the message-text index built. */
  readonly progress: number;
}

const SLICE = 1_000;
const normalise = (text: string) => normaliseName(text);
const digitsOf = (text: string) => text.replace(/\D/g, '');
/** A query made only of phone-number characters is searched as digits. */
const PHONE_QUERY = /^[\d\s().+-]+$/;

export class ConversationSearch {
  private phones = new Map<string, string>();
  private patientMap: { version: number; map: Map<string, string[]> } | null = null;
  private texts: { conversationId: string; text: string }[] = [];
  private seenMessages = new Set<string>();
  private building: Promise<void> | null = null;
  private progress = 0;
  private complete = false;
  private stopped = false;
  private subscriptions: Subscription[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly db: PracticeDb,
    private readonly names: NameIndex,
    /** The queue's rows (plain: which patient each conversation belongs to), at once. */
    private readonly queue: () => { readonly version: number; readonly rows: readonly { readonly id: string; readonly patientId: string }[] },
  ) {}

  private conversationsOf(patientId: string): readonly string[] {
    const snapshot = this.queue();
    if (this.patientMap?.version !== snapshot.version) {
      const map = new Map<string, string[]>();
      for (const row of snapshot.rows) {
        if (!row.patientId) continue;
        const list = map.get(row.patientId);
        if (list) list.push(row.id);
        else map.set(row.patientId, [row.id]);
      }
      this.patientMap = { version: snapshot.version, map };
    }
    return this.patientMap.map.get(patientId) ?? [];
  }

  onProgress(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }

  /** Starts building the number and text index (once). */
  warm(): Promise<void> {
    this.building ??= this.build().catch(() => {
      this.building = null;
    });
    return this.building;
  }

  private addConversation(doc: Pick<ConversationDoc, 'id' | 'phone'>): void {
    if (doc.phone) this.phones.set(doc.id, digitsOf(doc.phone));
  }

  private addMessage(doc: Pick<MessageDoc, 'id' | 'conversationId' | 'body'>): void {
    if (this.seenMessages.has(doc.id)) return;
    this.seenMessages.add(doc.id);
    this.texts.push({ conversationId: doc.conversationId, text: normalise(doc.body) });
  }

  private async build(): Promise<void> {
    const { conversations, messages } = this.db.collections;
    this.subscriptions.push(
      conversations.$.subscribe((e) => e.documentData && this.addConversation(e.documentData as ConversationDoc)),
      messages.$.subscribe((e) => e.operation === 'INSERT' && e.documentData && this.addMessage(e.documentData as MessageDoc)),
    );
    for (const doc of await conversations.find().exec()) {
      if (this.stopped) return;
      this.addConversation(doc);
    }
    this.notify();
    // Message ids first (keys only), then the documents a slice at a time, decrypted by the storage.
    const ids = await readPrimaryKeys(messages);
    const storage = messages.storageInstance;
    for (let i = 0; i < ids.length; i += SLICE) {
      if (this.stopped) return;
      const docs = await storage.findDocumentsById(ids.slice(i, i + SLICE), false);
      for (const doc of docs) this.addMessage(doc as MessageDoc);
      this.progress = Math.min(1, (i + SLICE) / ids.length);
      this.notify();
      // Let the screen breathe between slices.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    this.progress = 1;
    this.complete = true;
    this.notify();
  }

  search(query: string): SearchAnswer {
    const q = query.trim();
    const ids = new Set<string>();
    if (q.length === 0) return { ids, complete: true, progress: 1 };
    if (PHONE_QUERY.test(q) && digitsOf(q).length >= 3) {
      const digits = digitsOf(q);
      for (const [id, phone] of this.phones) if (phone.includes(digits)) ids.add(id);
      for (const p of this.names.searchDigits(digits, 200)) for (const c of this.conversationsOf(p.id)) ids.add(c);
    } else {
      for (const p of this.names.search(q, 200)) for (const c of this.conversationsOf(p.id)) ids.add(c);
      const needle = normalise(q);
      if (needle.length >= 2) for (const t of this.texts) if (t.text.includes(needle)) ids.add(t.conversationId);
    }
    return { ids, complete: this.complete, progress: this.progress };
  }

  stop(): void {
    this.stopped = true;
    for (const s of this.subscriptions) s.unsubscribe();
    this.phones.clear();
    this.texts = [];
    this.seenMessages.clear();
    this.listeners.clear();
  }
}
