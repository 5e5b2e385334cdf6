import { Card, Layout, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';

type Health = { status: 'ok'; database: 'embedded' | 'postgres' } | { status: 'error' };

// Placeholder until the web application issue: shows that the platform is up and where the API lives.
export function App() {
  const [health, setHealth] = useState<Health | null>(null);
  useEffect(() => {
    fetch('/api/v1/health')
      .then((response) => (response.ok ? (response.json() as Promise<Health>) : { status: 'error' as const }))
      .then(setHealth)
      .catch(() => setHealth({ status: 'error' }));
  }, []);
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center' }}>
        <Typography.Title level={3} style={{ color: '#fff', margin: 0 }}>
          对口合作平台 <small style={{ fontSize: 14, opacity: 0.8 }}>Duikou</small>
        </Typography.Title>
      </Layout.Header>
      <Layout.Content style={{ padding: 32 }}>
        <Card title="平台状态 Platform status" style={{ maxWidth: 640 }}>
          <Space direction="vertical">
            <Typography.Text>
              服务状态：
              {health === null ? (
                <Tag>检查中…</Tag>
              ) : health.status === 'ok' ? (
                <Tag color="green">正常（数据库：{health.database === 'embedded' ? '内置 PostgreSQL' : 'PostgreSQL 服务器'}）</Tag>
              ) : (
                <Tag color="red">不可用</Tag>
              )}
            </Typography.Text>
            <Typography.Text>
              接口文档：<a href="/api/v1/docs">/api/v1/docs</a>（OpenAPI：<a href="/api/v1/openapi.json">/api/v1/openapi.json</a>）
            </Typography.Text>
            <Typography.Text type="secondary">工作台、计划与任务等页面将在后续版本提供。</Typography.Text>
          </Space>
        </Card>
      </Layout.Content>
    </Layout>
  );
}
