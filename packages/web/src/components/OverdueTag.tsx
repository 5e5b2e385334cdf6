import { ClockCircleOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { useI18n } from '../i18n/i18n.js';

/**
 * 已逾期, in words beside the date (not by colour alone). Its own small module: 工作台 shows it on
 * the first load, which must not pull in the report screens' shared code (filters, pickers).
 */
export function OverdueTag() {
  const { t } = useI18n();
  return (
    <Tag color="error" icon={<ClockCircleOutlined aria-hidden />} style={{ marginInlineStart: 8 }}>
      {t('report.overdue')}
    </Tag>
  );
}
