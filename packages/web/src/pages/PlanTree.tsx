import { DownOutlined, RightOutlined } from '@ant-design/icons';
import { Card, Empty, Space, Typography } from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { Link } from 'react-router';
import { call, client, type Schemas } from '../api/client.js';
import { Button } from '../components/Button.js';
import { DataTable } from '../components/DataTable.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { LightTag } from '../components/LightTag.js';
import { useApi } from '../components/useApi.js';
import { type TreeArticle, usePublishedPlan } from '../components/usePlanTree.js';
import { formatNumber } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';

type Task = Schemas['TaskListItem'];

// The tasks shown under an article; the task list has the rest, filtered to the article.
const ARTICLE_TASKS = 50;

/** The tasks of one article, read when the article is expanded. */
function ArticleTasks({ planId, article }: { planId: string; article: TreeArticle }) {
  const { t } = useI18n();
  const tasks = useApi(
    () => call(client.GET('/api/v1/tasks', { params: { query: { planId, articleNo: article.number, pageSize: ARTICLE_TASKS } } })),
    [planId, article.number],
    { live: 'pair' },
  );
  if (tasks.error) return <ErrorAlert error={tasks.error} onRetry={tasks.reload} />;
  const total = tasks.data?.total ?? 0;
  return (
    <div style={{ paddingInlineStart: 24 }}>
      <DataTable<Task>
        rowKey="id"
        size="small"
        data-testid="plan-tree-tasks"
        loading={tasks.loading}
        pagination={false}
        dataSource={tasks.data?.items ?? []}
        locale={{ emptyText: t('tasks.empty') }}
        columns={[
          { title: t('tasks.colTitle'), dataIndex: 'title', render: (title: string, task) => <Link to={`/tasks/${task.id}`}>{title}</Link> },
          {
            title: t('tasks.colLead'),
            key: 'lead',
            width: 220,
            render: (_, task) =>
              task.units
                .filter((u) => u.role === 'lead')
                .map((u) => u.name)
                .join('、') || '—',
          },
          { title: t('tasks.colLight'), dataIndex: 'light', width: 140, render: (light: Task['light']) => <LightTag light={light} /> },
        ]}
      />
      {total > ARTICLE_TASKS ? (
        <Link to={`/tasks?article=${encodeURIComponent(article.number)}`}>{t('planTree.allTasks', { count: formatNumber(total) })}</Link>
      ) : null}
    </div>
  );
}

/**
 * The plan in force as chapters and articles, each article with the number of tasks the user can
 * see; an article opens to list its tasks.
 */
export function PlanTreeCard({ pairId }: { pairId: string | undefined }) {
  const { t } = useI18n();
  const published = usePublishedPlan(pairId);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());

  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const title = (
    <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
      {t('planTree.title')}
    </Typography.Title>
  );
  if (published.error) {
    return (
      <Card title={title}>
        <ErrorAlert error={published.error} onRetry={published.reload} />
      </Card>
    );
  }
  const data = published.data;
  return (
    <Card title={title} loading={published.loading} data-testid="plan-tree">
      {!data ? (
        <Empty description={t('planTree.noPublished')} />
      ) : (
        <Space direction="vertical" size={20} style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('planTree.version', { no: data.tree.versionNo })}</Typography.Text>
          {data.tree.chapters.map((chapter) => (
            <section
              key={chapter.number}
              data-testid="plan-tree-chapter"
              aria-label={t('taskList.chapterOption', { no: chapter.number, title: chapter.title })}
            >
              <Typography.Title level={3} style={{ fontSize: 15, marginTop: 0 }}>
                {t('taskList.chapterOption', { no: chapter.number, title: chapter.title })}
              </Typography.Title>
              <DataTable<TreeArticle>
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={chapter.articles}
                expandable={{
                  expandedRowKeys: [...open],
                  showExpandColumn: false,
                  expandedRowRender: (article) => <ArticleTasks planId={data.plan.id} article={article} />,
                }}
                onRow={(article) => ({ 'data-testid': 'plan-tree-article', 'data-article': article.number }) as HTMLAttributes<HTMLElement>}
                columns={[
                  { title: t('planTree.colArticle'), dataIndex: 'number', width: 100, render: (no: string) => t('tasks.articleNo', { no }) },
                  { title: t('planTree.colTitle'), dataIndex: 'title' },
                  {
                    title: t('planTree.colTasks'),
                    key: 'tasks',
                    width: 200,
                    render: (_, article) => {
                      const expanded = open.has(article.id);
                      const count = t('planTree.taskCount', { count: formatNumber(article.taskCount) });
                      if (article.taskCount === 0) return <Typography.Text type="secondary">{count}</Typography.Text>;
                      return (
                        <Button
                          type="link"
                          style={{ padding: 0 }}
                          icon={expanded ? <DownOutlined aria-hidden /> : <RightOutlined aria-hidden />}
                          aria-expanded={expanded}
                          onClick={() => toggle(article.id)}
                        >
                          {/* Named by what it shows, then which article (WCAG 2.5.3); aria-expanded says open or shut. */}
                          {count}
                          <span className="visually-hidden">{t('planTree.ofArticle', { no: article.number })}</span>
                        </Button>
                      );
                    },
                  },
                ]}
              />
            </section>
          ))}
        </Space>
      )}
    </Card>
  );
}
