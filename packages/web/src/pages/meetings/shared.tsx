import { CheckCircleFilled, ClockCircleOutlined, ExclamationCircleFilled, SyncOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import 'dayjs/locale/zh-cn';
import { call, client, type Schemas } from '../../api/client.js';
import { useApi } from '../../components/useApi.js';
import { useI18n } from '../../i18n/i18n.js';

export type Meeting = Schemas['Meeting'];
export type MeetingListItem = Schemas['MeetingListItem'];
export type MeetingStatus = Meeting['status'];
export type Unit = Schemas['Unit'];
type SupervisionRef = NonNullable<Meeting['decisions'][number]['supervision']>;

/** The meeting's status with an icon, so colour is never the only signal. */
export function MeetingStatusTag({ status }: { status: MeetingStatus }) {
  const { t } = useI18n();
  return status === 'held' ? (
    <Tag color="success" icon={<CheckCircleFilled aria-hidden />}>
      {t('enum.meetingStatus.held')}
    </Tag>
  ) : (
    <Tag color="processing" icon={<ClockCircleOutlined aria-hidden />}>
      {t('enum.meetingStatus.planned')}
    </Tag>
  );
}

const SUPERVISION_STYLE = {
  assigned: { color: 'gold', icon: <SyncOutlined aria-hidden /> },
  in_progress: { color: 'processing', icon: <SyncOutlined aria-hidden /> },
  completion_requested: { color: 'warning', icon: <ExclamationCircleFilled aria-hidden /> },
  closed: { color: 'success', icon: <CheckCircleFilled aria-hidden /> },
} as const;

export function SupervisionStatusTag({ item }: { item: SupervisionRef }) {
  const { t } = useI18n();
  const style = SUPERVISION_STYLE[item.status];
  return (
    <>
      <Tag color={style.color} icon={style.icon}>
        {t(`enum.supervisionStatus.${item.status}`)}
      </Tag>
      {item.overdue ? (
        <Tag color="error" icon={<ExclamationCircleFilled aria-hidden />}>
          {t('meetings.supervisionOverdue')}
        </Tag>
      ) : null}
    </>
  );
}

const UNIT_PAGE = 200;

/** Every active unit of the pair (both cities), in their order, for the pickers. */
export function usePairUnits(pairId: string | undefined) {
  return useApi(async () => {
    if (!pairId) return [];
    const all: Unit[] = [];
    for (let page = 1; ; page++) {
      const batch = await call(client.GET('/api/v1/units', { params: { query: { pairId, page, pageSize: UNIT_PAGE } } }));
      all.push(...batch.items);
      if (all.length >= batch.total || batch.items.length === 0) return all;
    }
  }, [pairId]);
}

/** Options of a unit select, grouped by city, host city first. */
export function unitOptions(units: readonly Unit[], cities: readonly { id: string; name: string }[]) {
  return cities.map((city) => ({
    label: city.name,
    title: city.name,
    options: units.filter((u) => u.cityId === city.id).map((u) => ({ value: u.id, label: u.name })),
  }));
}
