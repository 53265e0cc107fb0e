/**
 * On a patient's page: the values a later edit on another desk replaced when the two desks'
 * changes were merged (issue 12: field by field, the later edit wins, nothing lost silently).
 * Shown only when there is something; values are React text (SafeLabel), never markup.
 */
import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { parseHistory } from '../../../../shared/replication/patient-merge';
import { SafeLabel } from '../../components/SafeText';
import { formatPhone } from '../inbox/delivery-labels';
import { formatWhen } from '../inbox/QueuePane';

const FIELD_LABELS: Readonly<Record<string, string>> = {
  givenName: 'First name',
  familyName: 'Last name',
  dateOfBirth: 'Date of birth',
  phone: 'Texting number',
  otherPhones: 'Other phones',
  email: 'E-mail',
  notes: 'Notes',
  preferredLanguage: 'Language',
  textingPreference: 'Texting preference',
  preferenceNote: 'Patient’s words about texting',
  preferenceWritten: 'Written request on file',
  contactWindow: 'Preferred contact hours',
  addressState: 'State',
  timeZone: 'Time zone',
};

function show(field: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return '(empty)';
  if (field === 'phone' && typeof value === 'object') {
    const v = value as { phone?: string; phoneSource?: string };
    return `${v.phone ? formatPhone(v.phone) : '(none)'}${v.phoneSource ? ` (given by: ${v.phoneSource})` : ''}`;
  }
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

export function MergeHistory({ editHistory }: { editHistory: string | undefined }) {
  const entries = parseHistory(editHistory);
  if (!entries.length) return null;
  return (
    <Box data-testid="merge-history">
      <Typography variant="h3" sx={{ fontSize: '1.0625rem', mb: 0.5 }}>
        Values replaced when desks’ edits were merged
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        Two desks changed this patient at about the same time; the later change of each field was kept. These are the earlier ones, in case one was right.
      </Typography>
      <Table size="small" aria-label="Values replaced when desks’ edits were merged">
        <TableHead>
          <TableRow>
            <TableCell scope="col">Field</TableCell>
            <TableCell scope="col">Replaced value</TableCell>
            <TableCell scope="col">Edited</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {[...entries].reverse().map((e, i) => (
            <TableRow key={`${e.field}-${e.editedAt}-${i}`}>
              <TableCell>{FIELD_LABELS[e.field] ?? e.field}</TableCell>
              <TableCell>
                <SafeLabel text={show(e.field, e.value)} />
              </TableCell>
              <TableCell>{e.editedAt ? formatWhen(e.editedAt) : '—'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
