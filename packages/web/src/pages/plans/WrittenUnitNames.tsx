import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { Tag } from 'antd';
import { Fragment, type ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import type { UnitName } from './analysis.js';

const STATUS_STYLE: Record<UnitName['status'], { color: string; icon: ReactNode }> = {
  resolved: { color: 'success', icon: <CheckCircleFilled aria-hidden /> },
  ambiguous: { color: 'warning', icon: <ExclamationCircleFilled aria-hidden /> },
  unresolved: { color: 'error', icon: <CloseCircleFilled aria-hidden /> },
};

/** 已对应 / 待确认 / 未对应, with an icon so that colour is not the only signal. */
export function UnitNameStatusTag({ status }: { status: UnitName['status'] }) {
  const { t } = useI18n();
  const style = STATUS_STYLE[status];
  return (
    <Tag color={style.color} icon={style.icon} style={{ marginInlineEnd: 0 }}>
      {t(`enum.planUnitNameStatus.${status}`)}
    </Tag>
  );
}

/**
 * Unit names as the plan writes them: a name that maps to units reads as plain text, one the
 * office still has to settle (several candidates, or none) is marked with its state.
 */
export function WrittenUnitNames({ names, index }: { names: readonly string[]; index: ReadonlyMap<string, UnitName> }) {
  const { t } = useI18n();
  const distinct = [...new Set(names)];
  if (distinct.length === 0) return <>{t('planAnalysis.none')}</>;
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4, alignItems: 'center' }}>
      {distinct.map((name, i) => {
        const status = index.get(name)?.status ?? 'unresolved';
        const separator = i < distinct.length - 1 ? '、' : '';
        return (
          <Fragment key={name}>
            {status === 'resolved' ? (
              <span>
                {name}
                {separator}
              </span>
            ) : (
              <Tag color={STATUS_STYLE[status].color} icon={STATUS_STYLE[status].icon} style={{ marginInlineEnd: 0 }} data-unit-name-status={status}>
                {t('planAnalysis.tables.nameStatus', { name, status: t(`enum.planUnitNameStatus.${status}`) })}
              </Tag>
            )}
          </Fragment>
        );
      })}
    </span>
  );
}
