import { UserOutlined } from '@ant-design/icons';
import { App as AntApp, Avatar, Card, Col, Descriptions, Form, Input, List, Modal, Row, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { type ApiError, call, client, type Schemas } from '../api/client.js';
import { Button } from '../components/Button.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { showFieldErrors } from '../components/fieldErrors.js';
import { PageLoading } from '../components/PageLoading.js';
import { NotFound, RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { useApi } from '../components/useApi.js';
import { formatDate, formatDateTime } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { hasAnyPermission, useCurrentSession } from '../session/session.js';
import { Attachments } from './reports/Attachments.js';
import { asApiError, SupervisionStatusTag } from './reports/common.js';
import { ActionCard, ExtensionHistory, ItemFilePicker, Timeline } from './supervision/ItemActions.js';
import { SourceLink, SupervisionLightTag } from './supervision/shared.js';

type Detail = Schemas['SupervisionItemDetail'];
type Reply = Detail['replies'][number];

export function SupervisionDetailPage() {
  return (
    <RequirePermission any={['supervision.read']}>
      <SupervisionDetail />
    </RequirePermission>
  );
}

function SupervisionDetail() {
  const { id = '' } = useParams();
  const state = useApi(() => call(client.GET('/api/v1/supervision/{id}', { params: { path: { id } } })), [id], { live: 'pair' });
  if (state.loading && !state.data) return <PageLoading />;
  if (state.error?.status === 404 || (state.error?.status === 400 && !state.data)) return <NotFound />;
  if (state.error) return <ErrorAlert error={state.error} onRetry={state.reload} />;
  if (!state.data) return null;
  return <ItemView item={state.data} reload={state.reload} />;
}

function ItemView({ item, reload }: { item: Detail; reload: () => void }) {
  const { lang, t } = useI18n();
  const session = useCurrentSession();
  const open = item.status !== 'closed';
  const isOffice = hasAnyPermission(session, ['supervision.write']);
  // The owner unit's acts (sign, extension, completion): a unit role whose unit is not only a co-unit.
  const isOwnerUnit = !isOffice && hasAnyPermission(session, ['supervision.reply']) && !item.coUnits.some((u) => u.id === session.user.unitId);
  const canReply = (item.status === 'in_progress' || item.status === 'completion_requested') && hasAnyPermission(session, ['supervision.reply']);
  const canClose = item.status === 'completion_requested' && isOffice;
  const [closing, setClosing] = useState(false);

  return (
    <div>
      <PageTitle back={{ to: '/supervision', label: t('supervision.back') }}>{t('supervision.detailTitle')}</PageTitle>
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Card
            title={t('supervision.itemTitle')}
            style={{ marginBottom: 16 }}
            extra={
              canClose ? (
                <Button danger onClick={() => setClosing(true)}>
                  {t('supervision.close')}
                </Button>
              ) : null
            }
          >
            <Descriptions column={1} bordered size="small" data-testid="supervision-detail">
              <Descriptions.Item label={t('supervision.requirement')}>
                <div style={{ whiteSpace: 'pre-wrap' }}>{item.requirement}</div>
              </Descriptions.Item>
              <Descriptions.Item label={t('supervisionLoop.source')}>
                <span data-testid="supervision-source">
                  <SourceLink item={item} />
                </span>
              </Descriptions.Item>
              {item.taskId && item.source !== 'task' ? (
                <Descriptions.Item label={t('supervision.task')}>
                  <Link to={`/tasks/${item.taskId}`}>{item.taskTitle}</Link>
                </Descriptions.Item>
              ) : null}
              {item.meetingId ? (
                <Descriptions.Item label={t('supervision.meeting')}>
                  <Link to={`/meetings/${item.meetingId}`}>{t('supervision.openMeeting')}</Link>
                </Descriptions.Item>
              ) : null}
              <Descriptions.Item label={t('supervision.unit')}>{item.unitName}</Descriptions.Item>
              {item.coUnits.length > 0 ? (
                <Descriptions.Item label={t('supervisionLoop.coUnits')}>{item.coUnits.map((u) => u.name).join('、')}</Descriptions.Item>
              ) : null}
              <Descriptions.Item label={t('supervision.owner')}>{item.ownerName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('supervision.deadline')}>
                <span data-testid="supervision-deadline">
                  {formatDate(item.deadline, lang)}
                  <SupervisionLightTag light={item.light} />
                </span>
              </Descriptions.Item>
              {item.originalDeadline !== item.deadline ? (
                <Descriptions.Item label={t('supervisionLoop.originalDeadline')}>{formatDate(item.originalDeadline, lang)}</Descriptions.Item>
              ) : null}
              <Descriptions.Item label={t('supervisionLoop.signedAt')}>
                {item.signedAt
                  ? t('supervisionLoop.signedBy', { name: item.signedByName ?? '—', at: formatDateTime(item.signedAt, lang) })
                  : t('supervisionLoop.notSigned')}
              </Descriptions.Item>
              <Descriptions.Item label={t('supervisionLoop.colCounts')}>
                <span data-testid="supervision-counts">
                  {t('supervisionLoop.counts', { chased: String(item.chaseCount), extended: String(item.extensionCount) })}
                </span>
              </Descriptions.Item>
              {item.completionResult ? (
                <Descriptions.Item label={t('supervisionLoop.completionResult')}>
                  <div style={{ whiteSpace: 'pre-wrap' }}>{item.completionResult}</div>
                </Descriptions.Item>
              ) : null}
              <Descriptions.Item label={t('supervision.colStatus')}>
                <span data-testid="supervision-status">
                  <SupervisionStatusTag status={item.status} />
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('supervision.createdAt')}>{formatDateTime(item.createdAt, lang)}</Descriptions.Item>
              {item.closedAt ? <Descriptions.Item label={t('supervision.closedAt')}>{formatDateTime(item.closedAt, lang)}</Descriptions.Item> : null}
              {item.closedAt ? <Descriptions.Item label={t('supervision.closedBy')}>{item.closedByName ?? '—'}</Descriptions.Item> : null}
              {item.closedAt && item.closedLate !== null ? (
                <Descriptions.Item label={t('supervision.closedAt')}>
                  {item.closedLate ? t('supervisionLoop.closedLate') : t('supervisionLoop.closedOnTime')}
                </Descriptions.Item>
              ) : null}
              {item.closedAt ? (
                <Descriptions.Item label={t('supervision.closeCommentShown')}>
                  <div style={{ whiteSpace: 'pre-wrap' }} data-testid="supervision-close-comment">
                    {item.closeComment ?? t('supervision.noCloseComment')}
                  </div>
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          </Card>
          {open ? <ActionCard item={item} isOffice={isOffice} isOwnerUnit={isOwnerUnit} reload={reload} /> : null}
          <Card title={t('supervision.replies', { count: item.replies.length })} style={{ marginBottom: 16 }}>
            <ReplyThread replies={item.replies} />
            {canReply ? <ReplyForm itemId={item.id} onSent={reload} /> : null}
            {!open ? <Typography.Text type="secondary">{t('supervision.closedHint')}</Typography.Text> : null}
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card style={{ marginBottom: 16 }}>
            <Attachments ownerType="supervision" ownerId={item.id} canUpload={open && hasAnyPermission(session, ['supervision.reply'])} />
          </Card>
          <Timeline item={item} />
          <ExtensionHistory item={item} />
        </Col>
      </Row>
      {canClose ? <CloseDialog itemId={item.id} open={closing} onCancel={() => setClosing(false)} onClosed={reload} /> : null}
    </div>
  );
}

function ReplyThread({ replies }: { replies: Reply[] }) {
  const { lang, t } = useI18n();
  return (
    <List<Reply>
      dataSource={replies}
      locale={{ emptyText: t('supervision.noReplies') }}
      style={{ marginBottom: 16 }}
      data-testid="supervision-replies"
      renderItem={(reply) => (
        <List.Item>
          <List.Item.Meta
            avatar={<Avatar icon={<UserOutlined aria-hidden />} aria-hidden />}
            title={
              <span>
                {reply.authorName ?? '—'}
                <Typography.Text type="secondary" style={{ marginInlineStart: 12, fontWeight: 'normal' }}>
                  {formatDateTime(reply.at, lang)}
                </Typography.Text>
              </span>
            }
            description={<div style={{ whiteSpace: 'pre-wrap', color: 'rgba(0,0,0,0.88)' }}>{reply.body}</div>}
          />
        </List.Item>
      )}
    />
  );
}

function ReplyForm({ itemId, onSent }: { itemId: string; onSent: () => void }) {
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ body: string; attachmentIds?: string[] }>();
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function send(values: { body: string; attachmentIds?: string[] }) {
    setSending(true);
    setError(null);
    try {
      await call(
        client.POST('/api/v1/supervision/{id}/replies', {
          params: { path: { id: itemId } },
          body: { body: values.body, attachmentIds: values.attachmentIds ?? [] },
        }),
      );
      form.resetFields();
      message.success(t('supervision.replied'));
      onSent();
    } catch (cause) {
      const apiError = asApiError(cause);
      const rest = showFieldErrors(form, apiError, lang, (field) => (field === 'body' ? 'body' : field.startsWith('attachmentIds') ? 'attachmentIds' : null));
      if (apiError.details.length === 0 || rest.length > 0) setError(apiError);
    } finally {
      setSending(false);
    }
  }

  return (
    <Form form={form} layout="vertical" name="supervision-reply" onFinish={send} disabled={sending}>
      <Form.Item label={t('supervision.replyBody')} name="body" rules={[{ required: true, whitespace: true, message: t('supervision.replyRequired') }]}>
        <Input.TextArea rows={4} maxLength={5000} showCount />
      </Form.Item>
      <Form.Item label={t('supervisionLoop.replyFiles')} name="attachmentIds">
        <ItemFilePicker itemId={itemId} />
      </Form.Item>
      {error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={error} />
        </div>
      ) : null}
      <Button type="primary" htmlType="submit" loading={sending}>
        {t('supervision.sendReply')}
      </Button>
    </Form>
  );
}

function CloseDialog({ itemId, open, onCancel, onClosed }: { itemId: string; open: boolean; onCancel: () => void; onClosed: () => void }) {
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ comment?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function close() {
    setBusy(true);
    setError(null);
    const comment = (form.getFieldValue('comment') as string | undefined)?.trim();
    try {
      await call(client.POST('/api/v1/supervision/{id}/close', { params: { path: { id: itemId } }, body: comment ? { comment } : {} }));
      message.success(t('supervision.closed'));
      onCancel();
      onClosed();
    } catch (cause) {
      const apiError = asApiError(cause);
      const rest = showFieldErrors(form, apiError, lang, (field) => (field === 'comment' ? 'comment' : null));
      if (apiError.details.length === 0 || rest.length > 0) setError(apiError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      title={t('supervision.closeConfirmTitle')}
      open={open}
      onCancel={onCancel}
      onOk={() => void close()}
      okText={t('supervision.closeOk')}
      okButtonProps={{ danger: true, loading: busy }}
      cancelText={t('report.cancel')}
    >
      <Typography.Paragraph>{t('supervision.closeConfirm')}</Typography.Paragraph>
      <Form form={form} layout="vertical" name="supervision-close">
        <Form.Item label={t('supervision.closeComment')} name="comment">
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
      {error ? <ErrorAlert error={error} /> : null}
    </Modal>
  );
}
