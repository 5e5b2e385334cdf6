import { FilterOutlined } from '@ant-design/icons';
import { type ReactNode, useId, useState } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { Button } from './Button.js';
import { useIsPhone } from './useIsPhone.js';

/**
 * A list's filters. On a wide screen they stand above the list as they are; on a phone they fold
 * behind one 筛选 button (with the number of filters in use), so the first screen shows the data
 * rather than a column of empty fields. Folded, the fields stay mounted: what was typed stays.
 */
export function FilterBar({ active, children }: { active: number; children: ReactNode }) {
  const phone = useIsPhone();
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const id = useId();
  if (!phone) return <>{children}</>;
  return (
    <div className="filter-bar">
      <Button icon={<FilterOutlined aria-hidden />} aria-expanded={open} aria-controls={id} onClick={() => setOpen((value) => !value)}>
        {active > 0 ? t('filters.toggleActive', { count: active }) : t('filters.toggle')}
      </Button>
      <div id={id} hidden={!open} className="filter-bar-fields">
        {children}
      </div>
    </div>
  );
}
