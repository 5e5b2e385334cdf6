import { CheckOutlined, DownloadOutlined, EditOutlined } from '@ant-design/icons';
import { App as AntApp, Card, Descriptions, Empty, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, call, client } from '../api/client.js';
import { Button } from '../components/Button.js';
import { DataTable } from '../components/DataTable.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { PageLoading } from '../components/PageLoading.js';
import { NotFound, RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { meetingLinkPath, recordPath } from '../components/recordPaths.js';
import { useApi } from '../components/useApi.js';
import { formatDate, formatDateTime } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { type Meeting, MeetingStatusTag, SupervisionStatusTag } from './meetings/shared.js';

type Decision = Meeting['decisions'][number];

export function MeetingDetailPage() {
  return (
    <RequirePermission any={['meetings.read']}>
      <MeetingDetail />
    </RequirePermission>
  );
}

/** Saves a Blob under a file name, the way a download link would. */
function saveBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function MeetingDetail() {
  const { id = '' } = useParams();
  const { lang, t } = useI18n();
  const { message, modal } = AntApp.useApp();
  const navigate = useNavigate();
  const state = useApi(() => call(client.GET('/api/v1/meetings/{id}', { params: { path: { id } } })), [id], { live: 'pair' });
  const [busy, setBusy] = useState(false);

  if (state.error?.status === 404) return <NotFound />;
  if (state.error) return <ErrorAlert error={state.error} onRetry={state.reload} />;
  if (state.loading || !state.data) return <PageLoading />;
  const meeting = state.data;

  const fail = (cause: unknown) => {
    const error = cause instanceof ApiError ? cause : ApiError.network();
    const details = error.details.map((d) => d.reason).join('；');
    message.error(details ? `${error.text(lang)}：${details}` : error.text(lang));
  };

  function confirmHold() {
    modal.confirm({
      title: t('meetings.detail.holdConfirmTitle'),
      content: t('meetings.detail.holdConfirm', { count: meeting.decisions.length }),
      okText: t('meetings.detail.holdOk'),
      cancelText: t('meetings.detail.holdCancel'),
      onOk: async () => {
        try {
          await call(client.POST('/api/v1/meetings/{id}/hold', { params: { path: { id } } }));
          message.success(t('meetings.detail.holdDone'));
          state.reload();
        } catch (cause) {
          fail(cause);
        }
      },
    });
  }

  async function download() {
    setBusy(true);
    try {
      const blob = await call(client.GET('/api/v1/meetings/{id}/minutes.docx', { params: { path: { id } }, parseAs: 'blob' }));
      saveBlob(blob as Blob, `${meeting.title}-会议纪要.docx`);
    } catch (cause) {
      fail(cause);
    } finally {
      setBusy(false);
    }
  }

  // Each unit once per city, with the people who came for it.
  const byCity = new Map<string, Map<string, { unitName: string; people: string[] }>>();
  for (const a of meeting.attendees) {
    const units = byCity.get(a.cityName) ?? new Map<string, { unitName: string; people: string[] }>();
    byCity.set(a.cityName, units);
    const unit = units.get(a.unitId) ?? { unitName: a.unitName, people: [] };
    units.set(a.unitId, unit);
    if (a.name) unit.people.push([a.name, a.title].filter(Boolean).join(' '));
  }

  return (
    <div>
      <PageTitle
        back={{ to: '/meetings', label: t('meetings.detail.back') }}
        extra={
          <Space wrap>
            <Button icon={<DownloadOutlined aria-hidden />} loading={busy} onClick={() => void download()}>
              {t('meetings.detail.download')}
            </Button>
            {meeting.canEdit ? (
              <Button icon={<EditOutlined aria-hidden />} onClick={() => navigate(`/meetings/${meeting.id}/edit`)}>
                {t('meetings.detail.edit')}
              </Button>
            ) : null}
            {meeting.canEdit && meeting.status === 'planned' ? (
              <Button type="primary" icon={<CheckOutlined aria-hidden />} onClick={confirmHold}>
                {t('meetings.detail.hold')}
              </Button>
            ) : null}
          </Space>
        }
      >
        {meeting.title}
      </PageTitle>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small">
          <Descriptions column={2} size="small" labelStyle={{ width: 96 }}>
            <Descriptions.Item label={t('meetings.detail.time')}>{formatDateTime(meeting.startsAt, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('meetings.detail.status')}>
              <span data-testid="meeting-status">
                <MeetingStatusTag status={meeting.status} />
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('meetings.detail.place')}>{meeting.place}</Descriptions.Item>
            <Descriptions.Item label={t('meetings.detail.host')}>{meeting.hostCityName}</Descriptions.Item>
            <Descriptions.Item label={t('meetings.detail.chairs')}>
              {meeting.chairs.length > 0 ? meeting.chairs.map((c) => `${c.name}（${c.cityName}${c.title}）`).join('、') : t('meetings.detail.none')}
            </Descriptions.Item>
            <Descriptions.Item label={t('meetings.detail.recorded')}>
              {t('meetings.detail.recordedBy', { name: meeting.createdByName ?? '—', time: formatDateTime(meeting.createdAt, lang) })}
            </Descriptions.Item>
          </Descriptions>
        </Card>

        <Card size="small" title={t('meetings.detail.attendees')}>
          {byCity.size === 0 ? (
            <Typography.Text type="secondary">{t('meetings.detail.none')}</Typography.Text>
          ) : (
            <Descriptions column={1} size="small" labelStyle={{ width: 96 }}>
              {[...byCity].map(([city, units]) => (
                <Descriptions.Item key={city} label={city}>
                  {[...units.values()].map((u) => (u.people.length > 0 ? `${u.unitName}（${u.people.join('、')}）` : u.unitName)).join('、')}
                </Descriptions.Item>
              ))}
            </Descriptions>
          )}
        </Card>

        <Card size="small" title={t('meetings.detail.agenda')}>
          <List
            size="small"
            dataSource={meeting.agenda}
            locale={{ emptyText: t('meetings.detail.none') }}
            renderItem={(item, i) => (
              <List.Item data-testid="detail-agenda-item">
                <Space wrap>
                  <span>
                    {i + 1}. {item.title}
                  </span>
                  {item.link ? (
                    <Tag>
                      {t(`enum.meetingLinkKind.${item.link.kind}`)}
                      {t('common.colon')}
                      {item.link.label ? <Link to={meetingLinkPath(item.link)}>{item.link.label}</Link> : t('meetings.detail.hiddenLink')}
                      {item.link.state ? `（${item.link.state}）` : ''}
                    </Tag>
                  ) : null}
                </Space>
              </List.Item>
            )}
          />
        </Card>

        <Card size="small" title={t('meetings.detail.decisions')}>
          <DataTable<Decision>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={meeting.decisions}
            locale={{ emptyText: t('meetings.detail.none') }}
            columns={[
              { title: t('meetings.detail.colNo'), key: 'no', width: 64, render: (_, __, i) => i + 1 },
              { title: t('meetings.detail.colDecision'), dataIndex: 'text' },
              { title: t('meetings.detail.colOwner'), dataIndex: 'ownerUnitName', width: 180 },
              { title: t('meetings.detail.colDeadline'), dataIndex: 'deadline', width: 150, render: (d: string) => formatDate(d, lang) },
              {
                title: t('meetings.detail.colSupervision'),
                key: 'supervision',
                width: 230,
                render: (_, d) =>
                  d.supervision ? (
                    <Space size={4} wrap>
                      <SupervisionStatusTag item={d.supervision} />
                      <Link to={recordPath.supervision(d.supervision.id)}>{t('meetings.detail.openSupervision')}</Link>
                    </Space>
                  ) : (
                    <Typography.Text type="secondary">{d.raised ? t('meetings.detail.raisedHidden') : t('meetings.detail.notRaised')}</Typography.Text>
                  ),
              },
            ]}
          />
        </Card>

        <Card size="small" title={t('meetings.detail.minutes')}>
          {meeting.minutesHtml ? (
            // The server kept only structural tags without attributes (sanitize-html), so the HTML is safe to show.
            // biome-ignore lint/security/noDangerouslySetInnerHtml: see above.
            <div className="minutes-html" data-testid="minutes" dangerouslySetInnerHTML={{ __html: meeting.minutesHtml }} />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('meetings.detail.noMinutes')} />
          )}
        </Card>
      </Space>
    </div>
  );
}
