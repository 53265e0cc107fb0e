/**
 * Shows text that came from outside (a patient's message, a name someone typed) as inert text:
 * React renders it as characters, never HTML, nothing becomes a link or is fetched; characters
 * that could disguise it (right-to-left overrides, controls, invisible characters) are
 * neutralised by shared/text/safe-text.ts; and it sits in its own direction-isolated element, so
 * a right-to-left name cannot flip the words around it.
 */
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { neutraliseText, safeLabel } from '../../../shared/text/safe-text';

/** A message body: line breaks kept, long words wrapped, and a note when something was neutralised. */
export function SafeText({ text, testId }: { text: string; testId?: string }) {
  const safe = neutraliseText(text, { multiline: true });
  return (
    <>
      <Box component="bdi" dir="auto" data-testid={testId} sx={{ display: 'block', unicodeBidi: 'isolate', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', wordBreak: 'break-word' }}>
        {safe.text}
      </Box>
      {safe.changed > 0 ? (
        <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 0.5 }}>
          Hidden formatting characters in this message are shown as � or removed.
        </Typography>
      ) : null}
    </>
  );
}

/** One line of outside text (a name, a preview): isolated, neutralised, single-line. */
export function SafeLabel({ text }: { text: string }) {
  return (
    <bdi dir="auto" style={{ unicodeBidi: 'isolate' }}>
      {safeLabel(text)}
    </bdi>
  );
}
