/**
 * The shape of `window.carerelay`, derived from the contract: one namespace per domain,
 * a function per channel answering the result envelope, and `onX(callback)` per event
 * returning an unsubscribe function. The renderer types its calls with this.
 */
import type { ChannelName, EventName, EventPayloadOf, RequestOf, ResponseOf } from './contract';
import type { IpcResult } from './define';

type DomainOf<N extends string> = N extends `${infer D}.${string}` ? D : never;
type ActionOf<N extends string> = N extends `${string}.${infer A}` ? A : never;

type CallFn<N extends ChannelName> =
  Record<string, never> extends RequestOf<N>
    ? (request?: RequestOf<N>) => Promise<IpcResult<ResponseOf<N>>>
    : (request: RequestOf<N>) => Promise<IpcResult<ResponseOf<N>>>;

export type Unsubscribe = () => void;

type DomainApi<D extends string> = {
  readonly [N in ChannelName as DomainOf<N> extends D ? ActionOf<N> : never]: CallFn<N>;
} & {
  readonly [E in EventName as DomainOf<E> extends D ? `on${Capitalize<ActionOf<E>>}` : never]: (
    listener: (payload: EventPayloadOf<E>) => void,
  ) => Unsubscribe;
};

export type ApiDomain = DomainOf<ChannelName> | DomainOf<EventName>;

export type CareRelayApi = { readonly [D in ApiDomain]: DomainApi<D> };

/** How `domain.name` maps onto the API object; used by preload and by tests. */
export function splitName(name: string): { domain: string; member: string } {
  const dot = name.indexOf('.');
  if (dot <= 0 || dot === name.length - 1) throw new Error(`Not a domain.member name: ${name}`);
  return { domain: name.slice(0, dot), member: name.slice(dot + 1) };
}

export function eventMemberName(eventName: string): string {
  const { member } = splitName(eventName);
  return `on${member.charAt(0).toUpperCase()}${member.slice(1)}`;
}
