import { Tooltip } from 'antd';
import { useI18n } from '../i18n/i18n.js';

/**
 * A name on screen with its code (a GB/T 2260 division, a section's code, a username) in a tooltip: people read
 * the name, the code stays at hand (and in the exports). Focusable, so the tooltip opens from the keyboard too.
 */
export function NameWithCode({ name, code, kind = 'division' }: { name: string; code: string; kind?: 'division' | 'section' | 'username' }) {
  const { t } = useI18n();
  return (
    <Tooltip title={t(kind === 'division' ? 'common.divisionCode' : kind === 'section' ? 'common.sectionCode' : 'common.username', { code })}>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the tooltip holding the code must open from the keyboard too. */}
      <span tabIndex={0} data-code={code} style={{ textDecoration: 'underline dotted', textUnderlineOffset: 3 }}>
        {name}
      </span>
    </Tooltip>
  );
}
