import { Card, Typography } from 'antd';
import { useMemo } from 'react';
import type { Schemas } from '../../api/client.js';
import { DataTable } from '../../components/DataTable.js';
import { formatDecimal } from '../../i18n/format.js';
import { useI18n } from '../../i18n/i18n.js';
import { hasAnyPermission, useCurrentSession } from '../../session/session.js';
import { type Analysis, type Heading, isPending, pathLabeller, unitNameIndex } from './analysis.js';
import { TaskTablesCard } from './TaskTablesCard.js';
import { UnitNamesCard } from './UnitNamesCard.js';
import { WrittenUnitNames } from './WrittenUnitNames.js';

type Version = Schemas['PlanVersion'];
type Indicator = Analysis['indicators'][number];

const cardTitle = (text: string) => <h2 style={{ fontSize: 16, margin: 0 }}>{text}</h2>;

/** 识别到N个条目、M条责任分工、K个任务分工表行、L个待对应单位名称. */
export function analysisCounts(analysis: Analysis) {
  return {
    headings: analysis.headings.length,
    responsibilities: analysis.responsibilities.length,
    rows: analysis.taskTables.reduce((sum, table) => sum + table.rows.length, 0),
    pending: analysis.unitNames.filter((entry) => isPending(entry)).length,
  };
}

/**
 * The office's review of what the parser found beyond the outline: who is responsible for which
 * item, how the unit names map to the pair's units, the quantified targets, and the task tables,
 * whose rows become tasks once the version is published.
 */
export function PlanAnalysisCards({ version, analysis, onChanged }: { version: Version; analysis: Analysis; onChanged(): void }) {
  const { t } = useI18n();
  const session = useCurrentSession();
  const canWritePlans = hasAnyPermission(session, ['plans.write']);
  const canWriteTasks = hasAnyPermission(session, ['tasks.write']);
  const label = useMemo(() => pathLabeller(analysis.headings), [analysis.headings]);
  const index = useMemo(() => unitNameIndex(analysis), [analysis]);
  const responsible = analysis.headings.filter((heading) => heading.responsibility !== null);
  const itemOf = (path: readonly string[]) => label(path) || t('planAnalysis.preamble');

  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: 16, marginTop: 16 }}>
      <Typography.Text type="secondary" data-testid="analysis-counts">
        {t('planAnalysis.counts', analysisCounts(analysis))}
      </Typography.Text>

      <Card title={cardTitle(t('planAnalysis.responsibilities.title'))} size="small" data-testid="plan-responsibilities">
        <DataTable<Heading>
          rowKey={(heading) => heading.path.join('/')}
          size="small"
          pagination={false}
          dataSource={responsible}
          locale={{ emptyText: t('planAnalysis.responsibilities.empty') }}
          columns={[
            { title: t('planAnalysis.item'), key: 'item', width: 110, render: (_, heading) => itemOf(heading.path) },
            { title: t('planAnalysis.responsibilities.colTitle'), dataIndex: 'title' },
            {
              title: t('planAnalysis.responsibilities.colLead'),
              key: 'lead',
              width: 200,
              render: (_, heading) => <WrittenUnitNames names={heading.responsibility?.lead ?? []} index={index} />,
            },
            {
              title: t('planAnalysis.responsibilities.colSupporting'),
              key: 'supporting',
              width: 200,
              render: (_, heading) => <WrittenUnitNames names={heading.responsibility?.supporting ?? []} index={index} />,
            },
            {
              title: t('planAnalysis.responsibilities.colGuide'),
              key: 'guide',
              width: 160,
              render: (_, heading) => <WrittenUnitNames names={heading.responsibility?.guide ?? []} index={index} />,
            },
          ]}
        />
      </Card>

      <UnitNamesCard analysis={analysis} pairId={version.pairId} canWrite={canWritePlans} onChanged={onChanged} />

      <Card title={cardTitle(t('planAnalysis.indicators.title'))} size="small" data-testid="plan-indicators">
        <DataTable<Indicator>
          rowKey={(indicator) => `${indicator.path.join('/')}:${indicator.sentence}:${indicator.name}:${indicator.value}`}
          size="small"
          pagination={false}
          dataSource={analysis.indicators}
          locale={{ emptyText: t('planAnalysis.indicators.empty') }}
          columns={[
            {
              title: t('planAnalysis.indicators.colYear'),
              dataIndex: 'year',
              width: 90,
              render: (year: number) => t('planAnalysis.indicators.year', { year }),
            },
            { title: t('planAnalysis.indicators.colName'), dataIndex: 'name', width: 200 },
            {
              title: t('planAnalysis.indicators.colValue'),
              key: 'value',
              width: 120,
              render: (_, indicator) => <span style={{ whiteSpace: 'nowrap' }}>{`${formatDecimal(indicator.value, 4)}${indicator.unit}`}</span>,
            },
            { title: t('planAnalysis.indicators.colSentence'), dataIndex: 'sentence' },
            { title: t('planAnalysis.item'), key: 'item', width: 110, render: (_, indicator) => itemOf(indicator.path) },
          ]}
        />
      </Card>

      {analysis.taskTables.length > 0 ? (
        <TaskTablesCard
          analysis={analysis}
          versionId={version.id}
          status={version.status}
          canWriteTasks={canWriteTasks}
          label={label}
          articles={version.outline.chapters.flatMap((chapter) => chapter.articles)}
        />
      ) : null}
    </div>
  );
}
