/**
 * The text box both the reply and New text use: quick replies and templates (in the patient's
 * language, merge fields filled in), a live count of characters and SMS segments (GSM-7 or
 * UCS-2: one emoji halves the room), and Send with its shortcut. Nothing typed is ever cut: a
 * text over 1,600 characters is shown in red and explained when Send is pressed.
 */
import { useState, type ReactNode, type RefObject } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import ListSubheader from '@mui/material/ListSubheader';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { BUILT_IN_TEMPLATES, renderTemplate, type MergeValues, type TemplateLanguage } from '../../../../shared/compose/templates';
import { countSegments, MAX_SMS_CHARACTERS } from '../../../../shared/sms/segments';
import { shortcut } from '../../app/shortcuts';

export function SegmentCounter({ text }: { text: string }) {
  const info = countSegments(text);
  const over = info.characters > MAX_SMS_CHARACTERS;
  return (
    <Typography variant="caption" color={over ? 'error' : 'text.secondary'} data-testid="segment-counter" aria-live="polite">
      {info.characters.toLocaleString()} / {MAX_SMS_CHARACTERS.toLocaleString()} characters · {info.segments} {info.segments === 1 ? 'text' : 'texts'} ({info.encoding}
      {info.encoding === 'UCS-2' && info.nonGsm.length ? `, because of ${info.nonGsm.slice(0, 3).join(' ')}` : ''})
      {over ? ` · ${(info.characters - MAX_SMS_CHARACTERS).toLocaleString()} over the limit` : ''}
    </Typography>
  );
}

export interface ComposeBoxProps {
  label: string;
  value: string;
  onChange: (text: string) => void;
  onSend: () => void;
  busy: boolean;
  mergeValues: MergeValues;
  language: TemplateLanguage;
  inputRef?: RefObject<HTMLTextAreaElement | null>;
  onFocus?: () => void;
  problem?: ReactNode;
  minRows?: number;
}

export function ComposeBox({ label, value, onChange, onSend, busy, mergeValues, language, inputRef, onFocus, problem, minRows = 2 }: ComposeBoxProps) {
  const [menu, setMenu] = useState<HTMLElement | null>(null);
  const templates = BUILT_IN_TEMPLATES.filter((t) => t.language === language && t.sensitivity === 'minimal');
  const insert = (body: string) => {
    const rendered = renderTemplate(body, mergeValues);
    onChange(value.trim() ? `${value.trimEnd()} ${rendered.text}` : rendered.text);
    setMenu(null);
    setTimeout(() => inputRef?.current?.focus(), 0);
  };
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 0.5 }}>
      {problem}
      <TextField
        label={label}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onFocus={onFocus}
        inputRef={inputRef}
        multiline
        minRows={minRows}
        maxRows={8}
        fullWidth
        autoComplete="off"
        error={[...value].length > MAX_SMS_CHARACTERS}
        slotProps={{ htmlInput: { 'aria-keyshortcuts': shortcut('reply').aria, 'data-testid': 'compose-text' } }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            e.stopPropagation();
            onSend();
          }
        }}
      />
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
        <SegmentCounter text={value} />
        <Box sx={{ flex: 1 }} />
        <Button size="small" onClick={(e) => setMenu(e.currentTarget)} aria-haspopup="menu" aria-expanded={Boolean(menu)} aria-controls={menu ? 'template-menu' : undefined}>
          Quick replies
        </Button>
        <Menu id="template-menu" anchorEl={menu} open={Boolean(menu)} onClose={() => setMenu(null)}>
          <ListSubheader>{language === 'es' ? 'In Spanish (patient’s language)' : 'In English'}</ListSubheader>
          {templates.map((t) => (
            <MenuItem key={t.id} onClick={() => insert(t.body)} data-testid={`template-${t.id}`}>
              {t.name}
            </MenuItem>
          ))}
        </Menu>
        <Button variant="contained" onClick={onSend} disabled={busy} aria-keyshortcuts={shortcut('send').aria} data-testid="send">
          {busy ? 'Sending…' : `Send (${shortcut('send').keys})`}
        </Button>
      </Box>
    </Box>
  );
}
