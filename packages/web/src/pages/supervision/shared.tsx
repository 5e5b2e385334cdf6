import { CheckCircleFilled, ClockCircleFilled, CloseCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { Tag } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Schemas } from '../../api/client.js';
import { useI18n } from '../../i18n/i18n.js';

type Item = Schemas['SupervisionItem'];

const LIGHT_STYLE: Record<Item['light'], { color: string; icon: ReactNode }> = {
  red: { color: 'error', icon: <CloseCircleFilled aria-hidden /> },
  yellow: { color: 'warning', icon: <ExclamationCircleFilled aria-hidden /> },
  green: { color: 'success', icon: <ClockCircleFilled aria-hidden /> },
  done: { color: 'default', icon: <CheckCircleFilled aria-hidden /> },
};

/** The item's light (domain supervisionLight) as an icon and its word, never colour alone. */
export function SupervisionLightTag({ light }: { light: Item['light'] }) {
  const { t } = useI18n();
  const style = LIGHT_STYLE[light];
  return (
    <Tag color={style.color} icon={style.icon} style={{ marginInlineStart: 8 }} data-light={light}>
      {t(`enum.supervisionLight.${light}`)}
    </Tag>
  );
}

/** Where the item came from, linked back to it. */
export function SourceLink({ item }: { item: Pick<Item, 'source' | 'sourceTitle' | 'sourceLink'> }) {
  const { t } = useI18n();
  const kind = t(`enum.supervisionSource.${item.source}`);
  const title = item.sourceTitle ? `${kind}：${item.sourceTitle}` : kind;
  return item.sourceLink ? <Link to={item.sourceLink}>{title}</Link> : <span>{title}</span>;
}
