/**
 * Main's outgoing events. Services publish `domain.name` with a payload; the hub validates it
 * against the contract and hands it to every attached transport (Electron windows, browser-host
 * sockets). A payload that fails its schema is dropped and reported, never sent.
 */
import { events, type EventName, type EventPayloadOf } from '../../shared/ipc';

export type EventSink = (name: EventName, payload: unknown) => void;

export interface EventHub {
  publish<E extends EventName>(name: E, payload: EventPayloadOf<E>): void;
  attach(sink: EventSink): () => void;
  /** The last payload of each event, so a new transport can start from the current state. */
  latest(): ReadonlyArray<[EventName, unknown]>;
}

export function createEventHub(onInvalid: (name: string) => void = () => undefined): EventHub {
  const sinks = new Set<EventSink>();
  const last = new Map<EventName, unknown>();
  return {
    publish(name, payload) {
      const checked = events[name].payload.safeParse(payload);
      if (!checked.success) {
        onInvalid(name);
        return;
      }
      last.set(name, checked.data);
      for (const sink of [...sinks]) {
        try {
          sink(name, checked.data);
        } catch {
          // A broken transport must not stop the others.
        }
      }
    },
    attach(sink) {
      sinks.add(sink);
      return () => sinks.delete(sink);
    },
    latest() {
      return [...last.entries()];
    },
  };
}
