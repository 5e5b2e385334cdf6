import { Alert, App as AntApp, Card, Checkbox, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useId, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { type ApiError, call, client, type Schemas } from '../../api/client.js';
import type { paths } from '../../api/schema.js';
import { Button } from '../../components/Button.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { asApiError, issueText } from '../../components/fieldErrors.js';
import { Select } from '../../components/Select.js';
import { formatDate } from '../../i18n/format.js';
import { type Lang, useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { type Analysis, isPending, type TaskRow, type UnitName, unitNameIndex } from './analysis.js';
import { WrittenUnitNames } from './WrittenUnitNames.js';

type TableTask = paths['/api/v1/plan-versions/{id}/table-tasks']['post']['requestBody']['content']['application/json']['tasks'][number];

/** The server's limits of a task's title and description (TableTasksBody). */
const TITLE_MAX = 300;
const DESCRIPTION_MAX = 5000;

/** A row of one of the version's task tables, keyed by table and position. */
interface Row {
  key: string;
  /** The serial as written, else the row's position. */
  serial: string;
  row: TaskRow;
}

const FIELD_LABEL: Record<string, MessageKey> = {
  articleNo: 'planAnalysis.tables.field.articleNo',
  title: 'planAnalysis.tables.field.title',
  description: 'planAnalysis.tables.field.description',
  leadUnitIds: 'planAnalysis.tables.field.leadUnitIds',
  supportUnitIds: 'planAnalysis.tables.field.supportUnitIds',
  dueOn: 'planAnalysis.tables.field.dueOn',
};

const unique = (ids: string[]) => [...new Set(ids)];

/** The ids of the units the names map to now; names still to settle add none. */
function resolvedIds(names: readonly string[], index: ReadonlyMap<string, UnitName>): string[] {
  return unique(
    names.flatMap((name) => {
      const entry = index.get(name);
      return entry?.status === 'resolved' ? entry.units.map((unit) => unit.id) : [];
    }),
  );
}

/** Why a row cannot become a task yet: its lead units are not all mapped, or it has no article. */
function blockers(row: TaskRow, articleNo: string | null, index: ReadonlyMap<string, UnitName>): MessageKey[] {
  const reasons: MessageKey[] = [];
  if (row.lead.length === 0 || row.lead.some((name) => isPending(index.get(name)))) reasons.push('planAnalysis.tables.noLead');
  if (articleNo === null) reasons.push('planAnalysis.tables.noArticle');
  return reasons;
}

/** The task a reviewed row becomes: its text, the units its names map to and its date when it has one. */
function taskOf(row: TaskRow, articleNo: string, index: ReadonlyMap<string, UnitName>): TableTask {
  const leadUnitIds = resolvedIds(row.lead, index);
  return {
    articleNo,
    title: (row.task.trim() || row.measure.trim()).slice(0, TITLE_MAX),
    description: [row.task.trim() ? row.measure : '', row.outcome]
      .map((part) => part.trim())
      .filter(Boolean)
      .join('\n')
      .slice(0, DESCRIPTION_MAX),
    leadUnitIds,
    // One unit cannot lead and support the same task.
    supportUnitIds: resolvedIds(row.supporting, index).filter((id) => !leadUnitIds.includes(id)),
    dueOn: row.deadline.kind === 'date' && row.deadline.date ? row.deadline.date : null,
  };
}

/** The deadline as the table writes it, and what the parser read in it: a date, a rhythm, ongoing or unreadable. */
function Deadline({ deadline, lang }: { deadline: TaskRow['deadline']; lang: Lang }) {
  const { t } = useI18n();
  let reading: string;
  if (deadline.kind === 'date' && deadline.date) reading = formatDate(deadline.date, lang);
  else if (deadline.kind === 'recurring' && deadline.every) reading = t(`enum.planDeadlineEvery.${deadline.every}`);
  else if (deadline.kind === 'date') reading = t('enum.planDeadlineKind.unknown');
  else reading = t(`enum.planDeadlineKind.${deadline.kind}`);
  return (
    <div>
      <div>{deadline.text || t('planAnalysis.none')}</div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {reading}
      </Typography.Text>
    </div>
  );
}

/**
 * 任务分工表: the rows of each task table the parser found, with the units their names map to, the
 * deadline read and the article each row carries out. On the published version an office user
 * picks the rows that are ready (lead units mapped, an article) and creates their tasks at once.
 */
export function TaskTablesCard({
  analysis,
  versionId,
  status,
  canWriteTasks,
  label,
  articles,
}: {
  analysis: Analysis;
  versionId: string;
  status: Schemas['PlanVersion']['status'];
  canWriteTasks: boolean;
  label(path: readonly string[] | null): string;
  /** The version's articles, for the office to file a row under another one, or one the parser found none for. */
  articles: readonly { number: string; title: string }[];
}) {
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  // Row keys hold a colon, which ids may; the prefix keeps two cards' ids apart.
  const idPrefix = useId().replace(/:/g, '');
  const index = useMemo(() => unitNameIndex(analysis), [analysis]);
  const tables = useMemo(
    () => analysis.taskTables.map((table, ti) => table.rows.map((row, ri): Row => ({ key: `${ti}:${ri}`, serial: row.serial || String(ri + 1), row }))),
    [analysis],
  );
  const selecting = status === 'published' && canWriteTasks;
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  // Rows made into tasks from this screen; the server does not say which rows became tasks earlier.
  const [generated, setGenerated] = useState<ReadonlySet<string>>(new Set());
  // The office's choice of article for a row, over the parser's link.
  const [articleChoice, setArticleChoice] = useState<ReadonlyMap<string, string>>(new Map());
  const articleOf = (r: Row): string | null => articleChoice.get(r.key) ?? r.row.link.articleNumber;
  const articleOptions = useMemo(
    () => articles.map((article) => ({ value: article.number, label: `${t('planAnalysis.tables.article', { no: article.number })} ${article.title}` })),
    [articles, t],
  );
  const [rowErrors, setRowErrors] = useState<ReadonlyMap<string, string[]>>(new Map());
  const [error, setError] = useState<ApiError | null>(null);
  const [created, setCreated] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  const rows = tables.flat();
  // A row that was ready may stop being so when a name's mapping changes: only ready rows count.
  const chosen = rows.filter((r) => selected.has(r.key) && !generated.has(r.key) && blockers(r.row, articleOf(r), index).length === 0);

  function toggle(key: string, on: boolean) {
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });
  }

  async function generate() {
    setBusy(true);
    setError(null);
    setRowErrors(new Map());
    setCreated(null);
    try {
      const result = await call(
        client.POST('/api/v1/plan-versions/{id}/table-tasks', {
          params: { path: { id: versionId } },
          body: { tasks: chosen.map((r) => taskOf(r.row, articleOf(r) ?? '', index)) },
        }),
      );
      message.success(t('planAnalysis.tables.generated', { count: result.created }));
      setCreated(result.created);
      setGenerated((current) => new Set([...current, ...chosen.map((r) => r.key)]));
      setSelected(new Set());
    } catch (cause) {
      const apiError = asApiError(cause);
      // `tasks.N.field`: N is the row's place among the rows sent.
      const byRow = new Map<string, string[]>();
      let unplaced = false;
      for (const issue of apiError.details) {
        const match = /^tasks\.(\d+)\.([A-Za-z]+)/.exec(issue.field);
        const row = match ? chosen[Number(match[1])] : undefined;
        if (!match || !row) {
          unplaced = true;
          continue;
        }
        const field = FIELD_LABEL[match[2] ?? ''];
        const text = issueText(issue, lang);
        const line = field ? `${t(field)}${t('common.colon')}${text}` : text;
        const lines = byRow.get(row.key) ?? [];
        if (!lines.includes(line)) byRow.set(row.key, [...lines, line]);
      }
      setRowErrors(byRow);
      if (unplaced || byRow.size === 0) setError(apiError);
    } finally {
      setBusy(false);
    }
  }

  const hasGroups = rows.some((r) => r.row.group !== '');

  const columns: ColumnsType<Row> = [
    {
      title: t('planAnalysis.tables.colSerial'),
      key: 'serial',
      width: selecting ? 130 : 64,
      render: (_, r) => {
        if (!selecting) return r.serial;
        const reasons = blockers(r.row, articleOf(r), index);
        const done = generated.has(r.key);
        return (
          <Space direction="vertical" size={2}>
            <Checkbox
              checked={selected.has(r.key) && !done && reasons.length === 0}
              disabled={done || reasons.length > 0 || busy}
              onChange={(event) => toggle(r.key, event.target.checked)}
              aria-label={t('planAnalysis.tables.select', { serial: r.serial, task: r.row.task.slice(0, 40) })}
            >
              {r.serial}
            </Checkbox>
            {done ? <Tag color="success">{t('planAnalysis.tables.generatedRow')}</Tag> : null}
            {!done && reasons.length > 0 ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="table-row-blocked">
                {reasons.map((reason) => t(reason)).join('；')}
              </Typography.Text>
            ) : null}
          </Space>
        );
      },
    },
    ...(hasGroups
      ? [{ title: t('planAnalysis.tables.colGroup'), key: 'group', width: 140, render: (_: unknown, r: Row) => r.row.group || t('planAnalysis.none') }]
      : []),
    {
      title: t('planAnalysis.tables.colTask'),
      key: 'task',
      render: (_, r) => (
        <div>
          <div>{r.row.task || r.row.measure}</div>
          {r.row.task && r.row.measure ? (
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
              {t('planAnalysis.tables.measure', { text: r.row.measure })}
            </Typography.Text>
          ) : null}
          {r.row.outcome ? (
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
              {t('planAnalysis.tables.outcome', { text: r.row.outcome })}
            </Typography.Text>
          ) : null}
          {(rowErrors.get(r.key) ?? []).map((text) => (
            <Typography.Text key={text} type="danger" style={{ display: 'block' }} data-testid="table-row-error">
              {text}
            </Typography.Text>
          ))}
        </div>
      ),
    },
    { title: t('planAnalysis.tables.colLead'), key: 'lead', width: 170, render: (_, r) => <WrittenUnitNames names={r.row.lead} index={index} /> },
    {
      title: t('planAnalysis.tables.colSupporting'),
      key: 'supporting',
      width: 170,
      render: (_, r) => <WrittenUnitNames names={r.row.supporting} index={index} />,
    },
    { title: t('planAnalysis.tables.colDeadline'), key: 'deadline', width: 130, render: (_, r) => <Deadline deadline={r.row.deadline} lang={lang} /> },
    {
      title: t('planAnalysis.tables.colArticle'),
      key: 'article',
      width: 220,
      render: (_, r) => {
        const { link } = r.row;
        const item = label(link.path);
        const chosenArticle = articleOf(r);
        const changed = articleChoice.has(r.key) && chosenArticle !== link.articleNumber;
        return (
          <div>
            {selecting && !generated.has(r.key) ? (
              <>
                {/* The select's name, on its input: antd copies an aria-label onto its box as well, where ARIA does not allow it. */}
                <label htmlFor={`${idPrefix}-article-${r.key}`} className="visually-hidden">
                  {t('planAnalysis.tables.articleOf', { serial: r.serial })}
                </label>
                <Select
                  id={`${idPrefix}-article-${r.key}`}
                  size="small"
                  showSearch
                  optionFilterProp="label"
                  style={{ width: '100%' }}
                  placeholder={t('planAnalysis.tables.chooseArticle')}
                  value={chosenArticle ?? undefined}
                  options={articleOptions}
                  onChange={(value: string) => setArticleChoice((current) => new Map(current).set(r.key, value))}
                  disabled={busy}
                />
              </>
            ) : (
              <div>{chosenArticle === null ? t('planAnalysis.tables.noArticle') : t('planAnalysis.tables.article', { no: chosenArticle })}</div>
            )}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {changed
                ? t('planAnalysis.tables.articleChosen')
                : link.explicit
                  ? `${t('planAnalysis.tables.explicit')}${item ? `${t('common.colon')}${t('planAnalysis.item')}${item}` : ''}`
                  : link.reason}
            </Typography.Text>
          </div>
        );
      },
    },
  ];

  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('planAnalysis.tables.title')}</h2>} size="small" data-testid="plan-task-tables">
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        {status === 'draft' ? <Alert type="info" showIcon message={t('planAnalysis.tables.draftHint')} /> : null}
        {selecting ? (
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', justifyContent: 'space-between' }}>
            <Typography.Text type="secondary">{t('planAnalysis.tables.selectHint')}</Typography.Text>
            <Button type="primary" disabled={chosen.length === 0 || busy} loading={busy} onClick={() => void generate()}>
              {t('planAnalysis.tables.generate', { count: chosen.length })}
            </Button>
          </div>
        ) : null}
        {created !== null ? (
          <Alert
            type="success"
            showIcon
            data-testid="table-tasks-created"
            message={
              <Space size={8} wrap>
                <span>{t('planAnalysis.tables.generated', { count: created })}</span>
                <Link to="/tasks">{t('planAnalysis.tables.viewTasks')}</Link>
              </Space>
            }
          />
        ) : null}
        {rowErrors.size > 0 ? <Alert type="error" showIcon message={t('planAnalysis.tables.rowErrors', { count: rowErrors.size })} /> : null}
        {error ? <ErrorAlert error={error} /> : null}
        {tables.map((tableRows, ti) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the tables are the version's, in document order, and never reordered.
          <div key={ti}>
            {tables.length > 1 ? (
              <h3 style={{ fontSize: 15, margin: '0 0 8px' }}>{t('planAnalysis.tables.tableNo', { no: ti + 1, count: tableRows.length })}</h3>
            ) : null}
            <DataTable<Row> rowKey="key" size="small" pagination={false} dataSource={tableRows} columns={columns} />
          </div>
        ))}
      </Space>
    </Card>
  );
}
