/**
 * Owns the order of a message's delivery states: they only move forward, so a late or replayed
 * report (a re-poll, another desk's older copy) never takes a message back. Final states share
 * the top rank; between two of them the later report wins. Pure.
 */
export type DeliveryState = 'draft' | 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'received';

export const DELIVERY_ORDER: Readonly<Record<DeliveryState, number>> = {
  draft: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
  received: 4,
};
