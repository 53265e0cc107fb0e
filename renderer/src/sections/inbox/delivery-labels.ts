/**
 * Plain words for a message's delivery state and for a phone number, as the inbox shows them.
 */
import type { Message } from '../../../data';
import { formatUsPhone } from '../../../../shared/phone/us-phone';

export const DELIVERY_LABELS: Readonly<Record<Message['state'], string>> = {
  draft: 'Draft',
  queued: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  delivered: 'Delivered',
  undelivered: 'Not delivered',
  failed: 'Failed',
  received: 'Received',
};

export const DELIVERY_COLOURS: Readonly<Record<Message['state'], 'default' | 'info' | 'success' | 'warning' | 'error'>> = {
  draft: 'default',
  queued: 'default',
  sending: 'info',
  sent: 'info',
  delivered: 'success',
  undelivered: 'warning',
  failed: 'error',
  received: 'default',
};

/** How the inbox shows a conversation's number. */
export function formatPhone(e164: string | undefined): string {
  return e164 ? formatUsPhone(e164) : 'Unknown number';
}
