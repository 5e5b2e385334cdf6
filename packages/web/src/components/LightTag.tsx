import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled, PauseCircleFilled } from '@ant-design/icons';
import { Tag } from 'antd';
import type { ReactNode } from 'react';
import type { Schemas } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';

export type Light = Schemas['Task']['light'];

const STYLE: Record<Light, { color: string; icon: ReactNode }> = {
  red: { color: 'error', icon: <CloseCircleFilled aria-hidden /> },
  amber: { color: 'warning', icon: <ExclamationCircleFilled aria-hidden /> },
  green: { color: 'success', icon: <CheckCircleFilled aria-hidden /> },
  grey: { color: 'default', icon: <PauseCircleFilled aria-hidden /> },
};

/** A traffic light shown with an icon and its name, so colour is never the only signal. */
export function LightTag({ light, count }: { light: Light; count?: number }) {
  const { t } = useI18n();
  const style = STYLE[light];
  return (
    <Tag color={style.color} icon={style.icon}>
      {t(`enum.light.${light}`)}
      {count === undefined ? null : ` ${count}`}
    </Tag>
  );
}
