/**
 * React hooks the screens use for practice data: live queries for the conversation queue and a
 * thread, a patient name search, and phone look-up. They answer `Loadable`-style states and
 * plain records; nothing of RxDB leaks out.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Observable } from 'rxjs';
import type { PracticeDb } from '../database/open-practice-db';
import { observeConversation, observeQueue, type Conversation, type QueueOptions } from '../repositories/conversations';
import { observeThread, THREAD_PAGE, type Message } from '../repositories/messages';
import type { NameIndex, NameMatch } from '../search/name-index';
import { usePracticeDbStatus } from './practice-db-context';

export type LiveData<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'error'; message: string } | { state: 'closed' };

/** Never shows an error's internals: integrity and key errors are written for people already. */
function useLive<T>(source: ((db: PracticeDb) => Observable<T>) | null, deps: readonly unknown[]): LiveData<T> {
  const status = usePracticeDbStatus();
  const db = status.state === 'open' ? status.db : null;
  const [data, setData] = useState<LiveData<T>>({ state: 'loading' });
  useEffect(() => {
    if (!db || !source) {
      setData(status.state === 'failed' ? { state: 'error', message: status.message } : status.state === 'closed' ? { state: 'closed' } : { state: 'loading' });
      return;
    }
    setData({ state: 'loading' });
    const subscription = source(db).subscribe({
      next: (value) => setData({ state: 'ready', value }),
      error: (error: unknown) => setData({ state: 'error', message: error instanceof Error ? error.message : 'Practice data could not be read.' }),
    });
    return () => subscription.unsubscribe();
  }, [db, status.state, ...deps]);
  return data;
}

/** The queue, newest first, live. */
export function useConversationQueue(options: QueueOptions = {}): LiveData<Conversation[]> {
  const { status, limit, after } = options;
  return useLive((db) => observeQueue(db, { status, limit, after }), [status, limit, after]);
}

/** One conversation, live (null when it does not exist). */
export function useConversation(id: string | null): LiveData<Conversation | null> {
  return useLive(id ? (db) => observeConversation(db, id) : null, [id]);
}

/** A conversation's latest messages in reading order, live. */
export function useThread(conversationId: string | null, limit = THREAD_PAGE): LiveData<Message[]> {
  return useLive(conversationId ? (db) => observeThread(db, conversationId, limit) : null, [conversationId, limit]);
}

/** Name prefix search over the in-memory index (empty until it has loaded after unlock). */
export function usePatientNameSearch(query: string, limit = 20): { ready: boolean; matches: NameMatch[] } {
  const { ready, index, version } = usePatientIndex();
  const matches = useMemo(() => (index && ready && query.trim() ? index.search(query, limit) : []), [index, ready, version, query, limit]);
  return { ready, matches };
}

/** The in-memory patient index (names, numbers, dates of birth) and whether it has loaded. */
export function usePatientIndex(): { ready: boolean; index: NameIndex | null; version: number } {
  const status = usePracticeDbStatus();
  const names = status.state === 'open' ? status.names : null;
  const [ready, setReady] = useState(false);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    setReady(false);
    if (!names) return;
    void names.ready.then(() => live && setReady(true));
    const off = names.index.subscribe(() => live && setVersion((v) => v + 1));
    return () => {
      live = false;
      off();
    };
  }, [names]);
  return { ready, index: names?.index ?? null, version };
}

/** The open database for repository calls from event handlers, or null while locked/opening. */
export function usePracticeDb(): PracticeDb | null {
  const status = usePracticeDbStatus();
  return status.state === 'open' ? status.db : null;
}
