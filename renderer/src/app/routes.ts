/**
 * The sections of the app and their hash routes (`#/inbox`, `#/patients`, ...). Each section's
 * screen is its own lazily loaded module, so the first screen only loads the frame and the Inbox.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type SvgIcon from '@mui/material/SvgIcon';
import InboxOutlined from '@mui/icons-material/InboxOutlined';
import PeopleAltOutlined from '@mui/icons-material/PeopleAltOutlined';
import CampaignOutlined from '@mui/icons-material/CampaignOutlined';
import FactCheckOutlined from '@mui/icons-material/FactCheckOutlined';
import SettingsOutlined from '@mui/icons-material/SettingsOutlined';

export type SectionId = 'inbox' | 'patients' | 'campaigns' | 'audit' | 'settings';

type PageModule = { default: ComponentType };

export interface Section {
  id: SectionId;
  label: string;
  href: `#/${SectionId}`;
  Icon: typeof SvgIcon;
  /** Starts (or reuses) the download of the section's module. */
  load: () => Promise<PageModule>;
  Page: LazyExoticComponent<ComponentType>;
}

function section(id: SectionId, label: string, Icon: typeof SvgIcon, importer: () => Promise<PageModule>): Section {
  let pending: Promise<PageModule> | null = null;
  const load = () => {
    pending ??= importer().catch((error: unknown) => {
      pending = null; // let a later attempt retry a failed download
      throw error;
    });
    return pending;
  };
  return { id, label, href: `#/${id}`, Icon, load, Page: lazy(load) };
}

export const SECTIONS: readonly Section[] = [
  section('inbox', 'Inbox', InboxOutlined, () => import('../sections/inbox/InboxPage')),
  section('patients', 'Patients', PeopleAltOutlined, () => import('../sections/patients/PatientsPage')),
  section('campaigns', 'Campaigns', CampaignOutlined, () => import('../sections/campaigns/CampaignsPage')),
  section('audit', 'Audit', FactCheckOutlined, () => import('../sections/audit/AuditPage')),
  section('settings', 'Settings', SettingsOutlined, () => import('../sections/settings/SettingsPage')),
];

export const DEFAULT_SECTION: SectionId = 'inbox';

export function findSection(id: string): Section | undefined {
  return SECTIONS.find((s) => s.id === id);
}
