import { Alert, App as AntApp, Card, Empty, Input, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { ApiError, call, client, type Schemas } from '../api/client.js';
import { Button } from '../components/Button.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { PageLoading } from '../components/PageLoading.js';
import { RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { useApi } from '../components/useApi.js';
import { useI18n } from '../i18n/i18n.js';
import { hasAnyPermission, useCurrentSession } from '../session/session.js';
import { COLORS } from '../theme.js';
import { PlanAnalysisCards } from './plans/PlanAnalysisCards.js';

type Version = Schemas['PlanVersion'];
type Outline = Schemas['PlanOutline'];
type Diff = Schemas['PlanDiff'];

export function PlanReviewPage() {
  return (
    <RequirePermission any={['plans.read']}>
      <PlanReview />
    </RequirePermission>
  );
}

function PlanReview() {
  const { id = '' } = useParams();
  const version = useApi(() => call(client.GET('/api/v1/plan-versions/{id}', { params: { path: { id } } })), [id]);
  const diff = useApi(
    () => call(client.GET('/api/v1/plan-versions/{id}/diff', { params: { path: { id } } })),
    [id, version.data?.updatedAt, version.data?.status],
  );
  const { t } = useI18n();

  if (version.error) {
    return (
      <div>
        <PageTitle>{t('planReview.title')}</PageTitle>
        <ErrorAlert error={version.error} onRetry={version.reload} />
      </div>
    );
  }
  if (!version.data) return <PageLoading />;
  return (
    <Review
      key={`${version.data.id}:${version.data.updatedAt}:${version.data.status}`}
      version={version.data}
      diff={diff.data}
      diffError={diff.error}
      onChanged={version.reload}
    />
  );
}

function DiffSummary({ diff, status }: { diff: Diff; status: Version['status'] }) {
  const { t } = useI18n();
  if (diff.againstVersionNo === null) {
    // A draft may still become the first published version; a published (or since superseded) one was it.
    const first = status === 'draft' ? t('planReview.diffFirstDraft') : t('planReview.diffFirstPublished');
    return <Alert type="info" showIcon message={<span data-testid="plan-diff-first">{first}</span>} />;
  }
  const a = diff.articles;
  return (
    <Alert
      type={diff.unchanged ? 'success' : 'info'}
      showIcon
      message={
        <Space size={[12, 4]} wrap data-testid="plan-diff">
          <strong>{t('planReview.diffTitleAgainst', { no: diff.againstVersionNo })}</strong>
          {diff.unchanged ? (
            <span>{t('planReview.diffUnchanged')}</span>
          ) : (
            <>
              <span>{t('planReview.diffAdded', { count: a.added.length })}</span>
              <span>{t('planReview.diffRemoved', { count: a.removed.length })}</span>
              <span>{t('planReview.diffRetitled', { count: a.retitled.length })}</span>
              <span>{t('planReview.diffMeasures', { count: a.measuresChanged.length })}</span>
            </>
          )}
        </Space>
      }
    />
  );
}

function cloneOutline(outline: Outline): Outline {
  return JSON.parse(JSON.stringify(outline)) as Outline;
}

function Review({ version, diff, diffError, onChanged }: { version: Version; diff: Diff | undefined; diffError: ApiError | undefined; onChanged(): void }) {
  const { t } = useI18n();
  const { message, modal } = AntApp.useApp();
  const session = useCurrentSession();
  const canWrite = hasAnyPermission(session, ['plans.write']);
  const editable = canWrite && version.status === 'draft';
  const [outline, setOutline] = useState<Outline>(() => cloneOutline(version.outline));
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [selected, setSelected] = useState<{ chapter: number; article: number } | null>(null);
  const markRef = useRef<HTMLElement | null>(null);
  const sourceRef = useRef<HTMLElement | null>(null);

  const articleCount = useMemo(() => outline.chapters.reduce((sum, c) => sum + c.articles.length, 0), [outline]);
  const span = useMemo(() => {
    if (!selected) return null;
    const article = outline.chapters[selected.chapter]?.articles[selected.article];
    if (!article || article.start === undefined || article.end === undefined) return null;
    return { start: article.start, end: article.end };
  }, [outline, selected]);

  useEffect(() => {
    // Scrolls the source pane only (not the page) to the highlighted span.
    if (span && markRef.current && sourceRef.current) sourceRef.current.scrollTop = Math.max(0, markRef.current.offsetTop - 12);
  }, [span]);

  function update(change: (draft: Outline) => void) {
    setOutline((current) => {
      const draft = cloneOutline(current);
      change(draft);
      return draft;
    });
    setDirty(true);
  }

  function merge(chapterIndex: number, articleIndex: number) {
    update((draft) => {
      const articles = draft.chapters[chapterIndex]?.articles;
      const previous = articles?.[articleIndex - 1];
      const current = articles?.[articleIndex];
      if (!articles || !previous || !current) return;
      previous.measures.push(...current.measures);
      if (current.end !== undefined) previous.end = Math.max(previous.end ?? current.end, current.end);
      if (current.start !== undefined && previous.start !== undefined) previous.start = Math.min(previous.start, current.start);
      articles.splice(articleIndex, 1);
    });
    setSelected({ chapter: chapterIndex, article: articleIndex - 1 });
  }

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (cause) {
      setError(cause instanceof ApiError ? cause : ApiError.network());
    } finally {
      setBusy(false);
    }
  }

  const save = () =>
    run(async () => {
      await call(client.PUT('/api/v1/plan-versions/{id}/outline', { params: { path: { id: version.id } }, body: { outline } }));
      message.success(t('planReview.saved'));
      setDirty(false);
      onChanged();
    });

  const publish = () => {
    if (dirty) {
      message.warning(t('planReview.saveFirst'));
      return;
    }
    modal.confirm({
      title: t('planReview.publishConfirmTitle'),
      content: t('planReview.publishConfirm'),
      okText: t('planReview.publishOk'),
      cancelText: t('planReview.cancel'),
      onOk: () =>
        run(async () => {
          await call(client.POST('/api/v1/plan-versions/{id}/publish', { params: { path: { id: version.id } }, body: {} }));
          message.success(t('planReview.published'));
          onChanged();
        }),
    });
  };

  const source = version.sourceText;
  const statusColor = version.status === 'published' ? 'green' : version.status === 'draft' ? 'blue' : 'default';

  return (
    <div>
      <PageTitle
        back={{ to: '/plans', label: t('planReview.back') }}
        extra={
          <Space wrap>
            {editable ? (
              <>
                <Button onClick={() => void save()} loading={busy} disabled={busy}>
                  {t('planReview.save')}
                </Button>
                <Button type="primary" onClick={publish} disabled={busy}>
                  {t('planReview.publish')}
                </Button>
              </>
            ) : null}
          </Space>
        }
      >
        {t('planReview.title')}
      </PageTitle>
      <Space size={[8, 8]} wrap style={{ marginBottom: 12 }}>
        <Typography.Text strong>{version.planTitle}</Typography.Text>
        <Tag>{t('plans.version', { no: version.versionNo })}</Tag>
        <Tag color={statusColor} data-testid="version-status">
          {t(`enum.planVersionStatus.${version.status}`)}
        </Tag>
        <Typography.Text type="secondary" data-testid="outline-counts">
          {t('planReview.counts', { chapters: outline.chapters.length, articles: articleCount })}
        </Typography.Text>
        {dirty ? <Tag color="orange">{t('planReview.unsaved')}</Tag> : null}
      </Space>
      <div style={{ display: 'grid', gap: 8, marginBottom: 12 }}>
        {diff ? <DiffSummary diff={diff} status={version.status} /> : null}
        {diffError ? <ErrorAlert error={diffError} /> : null}
        {error ? <ErrorAlert error={error} /> : null}
        {version.status !== 'draft' ? <Alert type="info" showIcon message={t('planReview.readOnly')} /> : null}
        {version.sourceNote ? (
          <Alert type="info" message={t('planReview.sourceNote')} description={<span data-testid="plan-source-note">{version.sourceNote}</span>} />
        ) : null}
        {version.warnings.length > 0 ? (
          <Alert
            type="warning"
            showIcon
            data-testid="plan-warnings"
            message={t('planReview.warnings')}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {[...new Set(version.warnings)].map((warning) => (
                  <li key={warning}>{warning}</li>
                ))}
              </ul>
            }
          />
        ) : null}
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)', gap: 16 }}>
        <Card
          title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('planReview.outline')}</h2>}
          size="small"
          styles={{ body: { height: 'calc(100vh - 330px)', minHeight: 240, overflow: 'auto', padding: 12 } }}
        >
          {outline.chapters.length === 0 ? <Empty /> : null}
          <ol style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={t('planReview.outline')}>
            {outline.chapters.map((chapter, ci) => (
              <li key={chapter.number} data-testid="plan-chapter" style={{ marginBottom: 16 }}>
                <h3 style={{ fontSize: 15, margin: '0 0 8px' }}>
                  {chapter.number}、{chapter.title}
                </h3>
                <ol style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 8 }}>
                  {chapter.articles.map((article, ai) => {
                    const isSelected = selected?.chapter === ci && selected.article === ai;
                    return (
                      <li
                        key={article.number}
                        data-testid="plan-article"
                        style={{
                          border: `1px solid ${isSelected ? COLORS.primary : '#f0f0f0'}`,
                          borderRadius: 6,
                          padding: 8,
                          background: isSelected ? '#e6f4ff' : undefined,
                        }}
                      >
                        <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
                          <Button
                            size="small"
                            onClick={() => setSelected({ chapter: ci, article: ai })}
                            aria-label={t('planReview.locate', { number: article.number, title: article.title })}
                            aria-pressed={isSelected}
                          >
                            ({article.number})
                          </Button>
                          <Input
                            size="small"
                            value={article.title}
                            readOnly={!editable}
                            variant={editable ? 'outlined' : 'borderless'}
                            aria-label={t('planReview.articleTitle', { number: article.number })}
                            onFocus={() => setSelected({ chapter: ci, article: ai })}
                            onChange={(event) => {
                              const value = event.target.value;
                              update((draft) => {
                                const target = draft.chapters[ci]?.articles[ai];
                                if (target) target.title = value;
                              });
                            }}
                          />
                          {editable && ai > 0 ? (
                            <Button size="small" onClick={() => merge(ci, ai)} aria-label={t('planReview.mergeLabel', { number: article.number })}>
                              {t('planReview.merge')}
                            </Button>
                          ) : null}
                        </div>
                        {article.measures.length === 0 ? (
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {t('planReview.noMeasures')}
                          </Typography.Text>
                        ) : (
                          <ul style={{ margin: '6px 0 0', paddingInlineStart: 18, fontSize: 13 }}>
                            {article.measures.map((measure, mi) => (
                              <li key={`${measure.verb}:${measure.text}`} style={{ marginBottom: 4 }}>
                                <Tag color="geekblue">{measure.verb}</Tag>
                                <span>{measure.text}</span>
                                {editable ? (
                                  <Button
                                    type="link"
                                    size="small"
                                    danger
                                    aria-label={t('planReview.deleteMeasureLabel', { text: measure.text.slice(0, 30) })}
                                    onClick={() =>
                                      update((draft) => {
                                        draft.chapters[ci]?.articles[ai]?.measures.splice(mi, 1);
                                      })
                                    }
                                  >
                                    {t('planReview.deleteMeasure')}
                                  </Button>
                                ) : null}
                              </li>
                            ))}
                          </ul>
                        )}
                      </li>
                    );
                  })}
                </ol>
              </li>
            ))}
          </ol>
        </Card>
        <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('planReview.source')}</h2>} size="small" styles={{ body: { padding: 0 } }}>
          <section
            ref={sourceRef}
            aria-label={t('planReview.source')}
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region is focusable so keyboard users can scroll it.
            tabIndex={0}
            data-testid="plan-source"
            style={{ height: 'calc(100vh - 330px)', minHeight: 240, overflow: 'auto', position: 'relative', padding: 12 }}
          >
            <pre lang="zh-CN" style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontFamily: 'inherit', fontSize: 14, lineHeight: 1.8 }}>
              {span ? (
                <>
                  {source.slice(0, span.start)}
                  <mark ref={markRef} data-testid="source-highlight" style={{ background: '#ffe58f', padding: 0, scrollMarginTop: 12 }}>
                    {source.slice(span.start, span.end)}
                  </mark>
                  {source.slice(span.end)}
                </>
              ) : (
                source
              )}
            </pre>
          </section>
        </Card>
      </div>
      {version.analysis ? <PlanAnalysisCards version={version} analysis={version.analysis} onChanged={onChanged} /> : null}
    </div>
  );
}
