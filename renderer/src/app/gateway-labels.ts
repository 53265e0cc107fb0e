/**
 * Words for the gateway status, used by the app bar indicator and the Settings screen so both
 * say the same thing: "Sandbox gateway · Online · 0 queued".
 */
import type { GatewayStatus } from '../../../shared/ipc';

export const GATEWAY_KIND_LABEL: Record<GatewayStatus['kind'], string> = {
  sandbox: 'Sandbox gateway',
  production: 'Production gateway',
};

export const GATEWAY_STATE_LABEL: Record<GatewayStatus['state'], string> = {
  online: 'Online',
  degraded: 'Degraded',
  offline: 'Offline',
};

export const GATEWAY_STATE_DETAIL: Record<GatewayStatus['state'], string> = {
  online: 'CareRelay is reaching the SMS gateway.',
  degraded: 'CareRelay is reaching the SMS gateway, but some requests are failing. Messages are retried automatically.',
  offline: 'CareRelay cannot reach the SMS gateway. Messages wait in the outbox and go out when it is back.',
};

/** The short visible line: "Sandbox gateway · Online · 0 queued". */
export function gatewaySummary(status: GatewayStatus): string {
  return `${GATEWAY_KIND_LABEL[status.kind]} · ${GATEWAY_STATE_LABEL[status.state]} · ${status.queueDepth} queued`;
}

/** The same, as a sentence for assistive technology. */
export function gatewaySpokenSummary(status: GatewayStatus): string {
  const queued = status.queueDepth === 1 ? '1 message queued' : `${status.queueDepth} messages queued`;
  return `SMS gateway status: ${GATEWAY_KIND_LABEL[status.kind]}, ${GATEWAY_STATE_LABEL[status.state].toLowerCase()}, ${queued}`;
}
