import { Badge, Card, List, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError, call, client, type Schemas } from '../api/client.js';
import { Button } from '../components/Button.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { PageTitle } from '../components/PageTitle.js';
import { useApi } from '../components/useApi.js';
import { formatDateTime, formatNumber } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { useShell } from '../shell/pair.js';

type Notification = Schemas['Notification'];
const PAGE_SIZE = 20;

export function NotificationsPage() {
  const { lang, t } = useI18n();
  const { refreshUnread } = useShell();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const list = useApi(() => call(client.GET('/api/v1/notifications', { params: { query: { page, pageSize: PAGE_SIZE } } })), [page], { live: 'user' });

  async function run(action: () => Promise<unknown>) {
    setActionError(null);
    try {
      await action();
      list.reload();
      refreshUnread();
    } catch (error) {
      setActionError(error instanceof ApiError ? error : ApiError.network());
    }
  }

  /** Opens what a notice is about (its report, task or supervision item) and counts it as read. */
  function open(item: Notification) {
    if (!item.link) return;
    if (!item.readAt) {
      call(client.POST('/api/v1/notifications/{id}/read', { params: { path: { id: item.id } } })).then(refreshUnread, () => undefined);
    }
    navigate(item.link);
  }

  return (
    <div>
      <PageTitle
        extra={
          <Button disabled={!list.data || list.data.unread === 0} onClick={() => void run(() => call(client.POST('/api/v1/notifications/read-all')))}>
            {t('notifications.markAllRead')}
          </Button>
        }
      >
        {t('notifications.title')}
      </PageTitle>
      {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
      {actionError ? <ErrorAlert error={actionError} /> : null}
      <Card>
        <List<Notification>
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('notifications.empty') }}
          pagination={
            (list.data?.total ?? 0) > PAGE_SIZE
              ? {
                  current: page,
                  pageSize: PAGE_SIZE,
                  total: list.data?.total ?? 0,
                  showTotal: (total) => t('table.total', { total: formatNumber(total) }),
                  onChange: setPage,
                }
              : false
          }
          renderItem={(item) => (
            <List.Item
              actions={[
                item.link ? (
                  <Button key="open" type="link" aria-label={t('notifications.openLabel', { title: item.title })} onClick={() => open(item)}>
                    {t('notifications.open')}
                  </Button>
                ) : null,
                item.readAt ? null : (
                  <Button
                    key="read"
                    type="link"
                    onClick={() => void run(() => call(client.POST('/api/v1/notifications/{id}/read', { params: { path: { id: item.id } } })))}
                  >
                    {t('notifications.markRead')}
                  </Button>
                ),
              ].filter(Boolean)}
            >
              <List.Item.Meta
                title={
                  <Space>
                    <Badge status={item.readAt ? 'default' : 'processing'} text={item.readAt ? t('notifications.read') : t('notifications.unread')} />
                    {item.link ? (
                      <Link
                        to={item.link}
                        onClick={(event) => {
                          event.preventDefault();
                          open(item);
                        }}
                        style={{ fontWeight: item.readAt ? 'normal' : 600 }}
                      >
                        {item.title}
                      </Link>
                    ) : (
                      <Typography.Text strong={!item.readAt}>{item.title}</Typography.Text>
                    )}
                  </Space>
                }
                description={
                  <>
                    <div>{item.body}</div>
                    <Typography.Text type="secondary">{formatDateTime(item.createdAt, lang)}</Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      </Card>
    </div>
  );
}
