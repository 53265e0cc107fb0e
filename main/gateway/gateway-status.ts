/**
 * Main's view of gateway connectivity for the status indicator: online / degraded / offline,
 * sandbox or production, outbox depth and last contact. The sync engine updates it; every
 * change is published to the screens.
 */
import type { GatewayStatus } from '../../shared/ipc';

export interface GatewayStatusService {
  current(): GatewayStatus;
  update(change: Partial<GatewayStatus>): void;
  dispose(): void;
}

export function createGatewayStatus(
  publish: (status: GatewayStatus) => void,
  initial: GatewayStatus = { state: 'online', kind: 'sandbox', queueDepth: 0, lastContactAt: null },
): GatewayStatusService {
  let status: GatewayStatus = { ...initial };
  let disposed = false;
  publish(status);
  return {
    current: () => ({ ...status }),
    update(change) {
      if (disposed) return;
      const next = { ...status, ...change };
      if (JSON.stringify(next) === JSON.stringify(status)) return;
      status = next;
      publish({ ...status });
    },
    dispose() {
      disposed = true;
    },
  };
}
