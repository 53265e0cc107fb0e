/**
 * The full-screen error shown when the page has no `window.carerelay`: opened outside the
 * CareRelay app, or the app's bridge failed to load. Nothing else is rendered, because no
 * screen can work (or be trusted to show the right mode) without it.
 */
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import ReportProblemOutlined from '@mui/icons-material/ReportProblemOutlined';

export function BridgeMissing() {
  return (
    <Box
      component="main"
      sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center', p: 4, bgcolor: 'background.default' }}
    >
      <Box
        role="alert"
        sx={{
          maxWidth: 560,
          p: 4,
          bgcolor: 'background.paper',
          border: 1,
          borderColor: 'divider',
          borderTop: 4,
          borderTopColor: 'error.main',
          borderRadius: 2,
        }}
      >
        <ReportProblemOutlined sx={{ color: 'error.main', fontSize: 40, mb: 1 }} aria-hidden="true" />
        <Typography variant="h1" sx={{ mb: 2 }}>
          CareRelay can’t start this window
        </Typography>
        <Typography sx={{ mb: 2 }}>
          This screen has no connection to CareRelay’s background service, so it cannot show or send
          anything. It has to be opened by the CareRelay app.
        </Typography>
        <Typography color="text.secondary" variant="body2">
          If you opened this page yourself, close it and start CareRelay instead (for developers:{' '}
          <Box component="code" sx={{ fontFamily: 'monospace' }}>
            npm start
          </Box>
          , then open the address it prints). If CareRelay itself shows this, restart it; if it
          happens again, contact your practice’s CareRelay administrator.
        </Typography>
      </Box>
    </Box>
  );
}
