import { DeleteOutlined, EditOutlined, SendOutlined } from '@ant-design/icons';
import { App as AntApp, Card, Descriptions, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { call, client, type Schemas } from '../api/client.js';
import { Button } from '../components/Button.js';
import { DataTable } from '../components/DataTable.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { asApiError } from '../components/fieldErrors.js';
import { PageLoading } from '../components/PageLoading.js';
import { NotFound, RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { recordPath, supervisionCreatePath } from '../components/recordPaths.js';
import { useApi } from '../components/useApi.js';
import { formatDate, formatDateTime } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { useCurrentSession } from '../session/session.js';
import { useShell } from '../shell/pair.js';
import { InstructionFormDrawer } from './instructions/InstructionForm.js';
import { readsInstructionList } from './instructions/shared.js';
import { Attachments } from './reports/Attachments.js';
import { OverdueTag, SupervisionStatusTag } from './reports/common.js';

type Item = Schemas['SupervisionItem'];

export function InstructionDetailPage() {
  return (
    <RequirePermission any={['supervision.read']}>
      <InstructionDetail />
    </RequirePermission>
  );
}

function InstructionDetail() {
  const { id = '' } = useParams();
  const { lang, t } = useI18n();
  const { message, modal } = AntApp.useApp();
  const navigate = useNavigate();
  const session = useCurrentSession();
  const { pair } = useShell();
  const [editing, setEditing] = useState(false);
  const state = useApi(() => call(client.GET('/api/v1/instructions/{id}', { params: { path: { id } } })), [id], { live: 'pair' });
  // The items raised from it, as the supervision list gives them to the caller (its scope).
  const items = useApi(
    async () => {
      const query = { instructionId: id, pageSize: 200 };
      const page = await call(client.GET('/api/v1/supervision', { params: { query } }));
      return page.items.filter((item) => (item as Item & { instructionId?: string | null }).instructionId === id);
    },
    [id],
    { live: 'pair' },
  );

  if (state.error?.status === 404) return <NotFound />;
  if (state.error) return <ErrorAlert error={state.error} onRetry={state.reload} />;
  if (state.loading || !state.data) return <PageLoading />;
  const instruction = state.data;
  const counts = instruction.itemsByStatus;
  const backTo = readsInstructionList(session, pair ?? null) ? '/supervision/instructions' : '/supervision';

  function confirmDelete() {
    modal.confirm({
      title: t('instructions.detail.deleteConfirmTitle'),
      content: t('instructions.detail.deleteConfirm'),
      okText: t('instructions.detail.deleteOk'),
      okButtonProps: { danger: true },
      cancelText: t('instructions.form.cancel'),
      onOk: async () => {
        try {
          await call(client.DELETE('/api/v1/instructions/{id}', { params: { path: { id } } }));
          message.success(t('instructions.detail.deleted'));
          navigate('/supervision/instructions');
        } catch (cause) {
          const error = asApiError(cause);
          const details = error.details.map((d) => d.reason).join('；');
          message.error(details ? `${error.text(lang)}：${details}` : error.text(lang));
        }
      },
    });
  }

  return (
    <div>
      <PageTitle
        back={{ to: backTo, label: backTo === '/supervision' ? t('instructions.back') : t('instructions.title') }}
        extra={
          instruction.canEdit ? (
            <Space wrap>
              <Button icon={<EditOutlined aria-hidden />} onClick={() => setEditing(true)}>
                {t('instructions.detail.edit')}
              </Button>
              {instruction.itemCount === 0 ? (
                <Button danger icon={<DeleteOutlined aria-hidden />} onClick={confirmDelete}>
                  {t('instructions.detail.delete')}
                </Button>
              ) : null}
              <Button type="primary" icon={<SendOutlined aria-hidden />} onClick={() => navigate(supervisionCreatePath({ instructionId: instruction.id }))}>
                {t('instructions.detail.raise')}
              </Button>
            </Space>
          ) : null
        }
      >
        {t('instructions.detail.title', { leader: instruction.leaderName, date: formatDate(instruction.instructedOn, lang) })}
      </PageTitle>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small">
          <Descriptions column={{ xs: 1, md: 2 }} size="small" labelStyle={{ width: 96 }}>
            <Descriptions.Item label={t('instructions.detail.leader')}>
              <span data-testid="instruction-leader">{instruction.leaderName}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('instructions.detail.date')}>{formatDate(instruction.instructedOn, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('instructions.detail.city')}>{instruction.cityName}</Descriptions.Item>
            <Descriptions.Item label={t('instructions.detail.document')}>{instruction.documentTitle ?? t('instructions.detail.none')}</Descriptions.Item>
            <Descriptions.Item label={t('instructions.detail.recorded')} span={2}>
              {t('instructions.detail.recordedBy', { name: instruction.createdByName ?? '—', time: formatDateTime(instruction.createdAt, lang) })}
            </Descriptions.Item>
          </Descriptions>
        </Card>

        <Card size="small" title={t('instructions.detail.content')}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="instruction-content">
            {instruction.content}
          </Typography.Paragraph>
        </Card>

        <Card size="small">
          <Attachments ownerType="instruction" ownerId={instruction.id} canUpload={instruction.canEdit} />
        </Card>

        <Card size="small" title={t('instructions.detail.items')}>
          <Typography.Paragraph type="secondary" data-testid="instruction-item-counts">
            {instruction.itemCount === 0
              ? t('instructions.detail.noItems')
              : t('instructions.detail.itemsSummary', { total: instruction.itemCount, open: instruction.openItemCount, closed: counts.closed })}
          </Typography.Paragraph>
          {items.error ? <ErrorAlert error={items.error} onRetry={items.reload} /> : null}
          {instruction.itemCount > 0 ? (
            <DataTable<Item>
              rowKey="id"
              size="small"
              pagination={false}
              loading={items.loading}
              dataSource={items.data ?? []}
              columns={[
                {
                  title: t('supervision.colRequirement'),
                  dataIndex: 'requirement',
                  ellipsis: true,
                  render: (text: string, item) => <Link to={recordPath.supervision(item.id)}>{text}</Link>,
                },
                { title: t('supervision.colUnit'), dataIndex: 'unitName', width: 160 },
                {
                  title: t('supervision.colDeadline'),
                  key: 'deadline',
                  width: 200,
                  render: (_, item) => (
                    <span>
                      {formatDate(item.deadline, lang)}
                      {item.overdue ? <OverdueTag /> : null}
                    </span>
                  ),
                },
                { title: t('supervision.colStatus'), dataIndex: 'status', width: 110, render: (s: Item['status']) => <SupervisionStatusTag status={s} /> },
              ]}
            />
          ) : null}
        </Card>
      </Space>
      {instruction.canEdit ? (
        <InstructionFormDrawer
          open={editing}
          instruction={instruction}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            state.reload();
          }}
        />
      ) : null}
    </div>
  );
}
