/**
 * The app bar's gateway indicator: sandbox or production, online / degraded / offline, and how
 * many messages wait in main's outbox ("Sandbox gateway · Online · 0 queued"). It is a polite
 * live region (role="status"), so a change is announced without interrupting.
 */
import Box from '@mui/material/Box';
import Circle from '@mui/icons-material/Circle';
import { tokens } from '../theme';
import { useAppData } from './app-data';
import { GATEWAY_STATE_DETAIL, gatewaySpokenSummary, gatewaySummary } from './gateway-labels';

export function GatewayStatusIndicator() {
  const { gateway } = useAppData();

  let colours: (typeof tokens.gateway)[keyof typeof tokens.gateway] = tokens.gateway.unknown;
  let text = 'Checking the SMS gateway…';
  let label = 'SMS gateway status: checking';
  let detail = 'CareRelay is asking for the gateway status.';
  if (gateway.state === 'ready') {
    colours = tokens.gateway[gateway.value.state];
    text = gatewaySummary(gateway.value);
    label = gatewaySpokenSummary(gateway.value);
    detail = GATEWAY_STATE_DETAIL[gateway.value.state];
  } else if (gateway.state === 'error') {
    text = 'Gateway status unavailable';
    label = 'SMS gateway status: unavailable';
    detail = gateway.message;
  }

  return (
    <Box
      role="status"
      aria-label={label}
      title={detail}
      data-testid="gateway-status"
      data-state={gateway.state === 'ready' ? gateway.value.state : gateway.state}
      sx={{
        display: 'inline-flex',
        alignItems: 'center',
        gap: 1,
        px: 1.5,
        py: 0.5,
        minHeight: 32,
        borderRadius: 999,
        border: 1,
        borderColor: colours.dot,
        bgcolor: colours.background,
        color: colours.text,
        fontSize: '0.8125rem',
        fontWeight: 600,
        whiteSpace: 'nowrap',
      }}
    >
      <Circle aria-hidden="true" sx={{ fontSize: 10, color: colours.dot }} />
      <span>{text}</span>
    </Box>
  );
}
