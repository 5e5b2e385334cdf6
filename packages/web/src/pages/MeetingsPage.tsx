import { PlusOutlined } from '@ant-design/icons';
import { Card, DatePicker, Form, Input } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { call, client } from '../api/client.js';
import { Button } from '../components/Button.js';
import { DataTable } from '../components/DataTable.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { FilterBar } from '../components/FilterBar.js';
import { RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { Select } from '../components/Select.js';
import { useApi } from '../components/useApi.js';
import { formatDateTime, formatNumber } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { hasAnyPermission, useCurrentSession } from '../session/session.js';
import { useShell } from '../shell/pair.js';
import { type MeetingListItem, type MeetingStatus, MeetingStatusTag } from './meetings/shared.js';

const PAGE_SIZE = 20;
const STATUSES: MeetingStatus[] = ['planned', 'held'];

export function MeetingsPage() {
  return (
    <RequirePermission any={['meetings.read']}>
      <Meetings />
    </RequirePermission>
  );
}

function Meetings() {
  const { lang, t } = useI18n();
  const session = useCurrentSession();
  const navigate = useNavigate();
  const { pair } = useShell();
  const pairId = pair?.id;
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<MeetingStatus | undefined>();
  const [q, setQ] = useState('');
  const [from, setFrom] = useState<Dayjs | null>(null);
  const [to, setTo] = useState<Dayjs | null>(null);
  const canWrite = hasAnyPermission(session, ['meetings.write']);

  const list = useApi(
    () =>
      call(
        client.GET('/api/v1/meetings', {
          params: {
            query: {
              pairId,
              page,
              pageSize: PAGE_SIZE,
              status,
              q: q || undefined,
              from: from?.format('YYYY-MM-DD'),
              to: to?.format('YYYY-MM-DD'),
            },
          },
        }),
      ),
    [pairId, page, status, q, from?.valueOf(), to?.valueOf()],
    { live: 'pair' },
  );
  const filtered =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setPage(1);
    };

  return (
    <div>
      <PageTitle
        extra={
          canWrite ? (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => navigate('/meetings/new')}>
              {t('meetings.list.create')}
            </Button>
          ) : null
        }
      >
        {t('meetings.list.title')}
      </PageTitle>
      <Card>
        <FilterBar active={[q || undefined, status, from, to].filter((value) => value != null).length}>
          <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }} name="meeting-filters">
            <Form.Item label={t('meetings.list.search')} htmlFor="meeting-q">
              <Input.Search
                id="meeting-q"
                allowClear
                placeholder={t('meetings.list.searchPlaceholder')}
                onSearch={(value) => filtered(setQ)(value.trim())}
                style={{ width: 220 }}
              />
            </Form.Item>
            <Form.Item label={t('meetings.list.status')} htmlFor="meeting-status">
              <Select<MeetingStatus>
                id="meeting-status"
                allowClear
                placeholder={t('meetings.list.all')}
                value={status}
                onChange={filtered(setStatus)}
                options={STATUSES.map((s) => ({ value: s, label: t(`enum.meetingStatus.${s}`) }))}
                style={{ width: 120 }}
              />
            </Form.Item>
            <Form.Item label={t('meetings.list.from')} htmlFor="meeting-from">
              <DatePicker id="meeting-from" value={from} onChange={filtered(setFrom)} style={{ width: 150 }} />
            </Form.Item>
            <Form.Item label={t('meetings.list.to')} htmlFor="meeting-to">
              <DatePicker id="meeting-to" value={to} onChange={filtered(setTo)} style={{ width: 150 }} />
            </Form.Item>
          </Form>
        </FilterBar>
        {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
        <DataTable<MeetingListItem>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('meetings.list.empty') }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => t('table.total', { total: formatNumber(total) }),
            onChange: setPage,
          }}
          columns={[
            {
              title: t('meetings.list.colTitle'),
              dataIndex: 'title',
              render: (title: string, meeting) => <Link to={`/meetings/${meeting.id}`}>{title}</Link>,
            },
            { title: t('meetings.list.colTime'), dataIndex: 'startsAt', width: 190, render: (at: string) => formatDateTime(at, lang) },
            { title: t('meetings.list.colPlace'), dataIndex: 'place', width: 220, ellipsis: true },
            { title: t('meetings.list.colHost'), dataIndex: 'hostCityName', width: 100 },
            {
              title: t('meetings.list.colDecisions'),
              key: 'decisions',
              width: 160,
              render: (_, m) => t('meetings.list.decisionCount', { count: m.decisionCount, open: m.openDecisionCount }),
            },
            { title: t('meetings.list.colStatus'), dataIndex: 'status', width: 110, render: (s: MeetingStatus) => <MeetingStatusTag status={s} /> },
          ]}
        />
      </Card>
    </div>
  );
}
