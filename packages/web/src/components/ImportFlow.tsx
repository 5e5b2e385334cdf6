import { CheckCircleOutlined, DownloadOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Card, Space, Steps, type TableColumnsType, Typography } from 'antd';
import { useState } from 'react';
import type { ApiError } from '../api/client.js';
import { formatNumber } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';
import { Button } from './Button.js';
import { DataTable } from './DataTable.js';
import { ErrorAlert } from './ErrorAlert.js';
import { type ChosenFile, FilePicker } from './FilePicker.js';
import { asApiError } from './fieldErrors.js';
import { type RowIssue, rowIssues } from './taskIssues.js';

/** What the server made of a file: checked (a dry run, with a preview) or created. */
export type ImportOutcome<P> = { kind: 'checked'; rows: number; preview: P[] } | { kind: 'created'; created: number };

/** The screens whose strings the flow speaks: each keeps its own wording under its prefix. */
type ImportTexts = 'taskImport' | 'registries.import';
type ImportText =
  | 'step1'
  | 'step2'
  | 'step3'
  | 'hint'
  | 'template'
  | 'file'
  | 'choose'
  | 'chooseAnother'
  | 'fileHint'
  | 'fileChosen'
  | 'fileRequired'
  | 'fileReadError'
  | 'check'
  | 'errorsLabel'
  | 'errorsTitle'
  | 'nothingWritten'
  | 'previewLabel'
  | 'validTitle'
  | 'notYetWritten'
  | 'previewFirst'
  | 'confirm'
  | 'cancel'
  | 'imported'
  | 'colRow'
  | 'rowNo'
  | 'colColumn'
  | 'colReason';

type Check<P> = { kind: 'errors'; issues: RowIssue[] } | { kind: 'valid'; rows: number; preview: P[] };

/**
 * The .xlsx import of the task and registry screens: download the template, choose a file, check
 * it (a dry run answering every row error, or a preview), confirm. One bad row and nothing is
 * written; the server's row issues (`rows.<row>.<field>`) are shown by the template's column.
 */
export function ImportFlow<P extends { row: number }>({
  texts,
  disabled = false,
  downloadTemplate,
  send,
  onCreated,
  columnOf,
  previewColumns,
}: {
  texts: ImportTexts;
  disabled?: boolean;
  downloadTemplate: () => Promise<unknown>;
  send: (file: ChosenFile, dryRun: boolean) => Promise<ImportOutcome<P>>;
  onCreated: () => void;
  /** The template's column of a server field (`rows.3.headcount` → 参加人次). */
  columnOf: (field: string) => string;
  /** The preview's columns after the row number. */
  previewColumns: TableColumnsType<P>;
}) {
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const text = (key: ImportText) => `${texts}.${key}` as const satisfies MessageKey;
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [check, setCheck] = useState<Check<P> | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<'template' | 'check' | 'import' | null>(null);

  async function template() {
    setBusy('template');
    try {
      await downloadTemplate();
    } catch (cause) {
      message.error(asApiError(cause).text(lang));
    } finally {
      setBusy(null);
    }
  }

  function onFile(chosen: ChosenFile | null) {
    setFileError(null);
    setCheck(null);
    setError(null);
    setFile(chosen);
  }

  async function submit(dryRun: boolean) {
    if (!file) {
      setFileError(t(text('fileRequired')));
      return;
    }
    setBusy(dryRun ? 'check' : 'import');
    setError(null);
    setFileError(null);
    try {
      const outcome = await send(file, dryRun);
      if (outcome.kind === 'checked') setCheck({ kind: 'valid', rows: outcome.rows, preview: outcome.preview });
      else {
        message.success(t(text('imported'), { count: formatNumber(outcome.created) }));
        onCreated();
      }
    } catch (cause) {
      const apiError = asApiError(cause);
      const issues = rowIssues(apiError);
      const fileIssues = apiError.details.filter((d) => d.field === 'fileBase64' || d.field === 'fileName');
      if (issues.length > 0) setCheck({ kind: 'errors', issues });
      else if (fileIssues.length > 0) {
        setCheck(null);
        setFileError(fileIssues.map((d) => d.reason).join('；'));
      } else setError(apiError);
    } finally {
      setBusy(null);
    }
  }

  const step = check?.kind === 'valid' ? 2 : file ? 1 : 0;
  const rowColumn = { title: t(text('colRow')), dataIndex: 'row', width: 100, render: (row: number) => t(text('rowNo'), { row }) };
  return (
    <>
      {error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={error} />
        </div>
      ) : null}
      <Card>
        <Steps
          current={step}
          size="small"
          style={{ marginBottom: 24, maxWidth: 720 }}
          items={[{ title: t(text('step1')) }, { title: t(text('step2')) }, { title: t(text('step3')) }]}
        />
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <div>
            <Typography.Paragraph style={{ marginBottom: 8 }}>{t(text('hint'))}</Typography.Paragraph>
            <Button icon={<DownloadOutlined aria-hidden />} loading={busy === 'template'} onClick={() => void template()}>
              {t(text('template'))}
            </Button>
          </div>
          <FilePicker
            label={t(text('file'))}
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            buttonLabel={file ? t(text('chooseAnother')) : t(text('choose'))}
            status={file ? t(text('fileChosen'), { name: file.name }) : t(text('fileHint'))}
            error={fileError}
            onChoose={onFile}
            onUnreadable={() => {
              onFile(null);
              setFileError(t(text('fileReadError')));
            }}
          />
          <div>
            <Button type="primary" disabled={disabled} loading={busy === 'check'} onClick={() => void submit(true)}>
              {t(text('check'))}
            </Button>
          </div>

          {check?.kind === 'errors' ? (
            <section aria-label={t(text('errorsLabel'))}>
              <Alert
                type="error"
                showIcon
                data-testid="import-errors-summary"
                message={t(text('errorsTitle'), { count: formatNumber(check.issues.length) })}
                description={t(text('nothingWritten'))}
                style={{ marginBottom: 12 }}
              />
              <DataTable<RowIssue>
                rowKey="key"
                data-testid="import-errors"
                size="small"
                pagination={check.issues.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
                dataSource={check.issues}
                columns={[
                  rowColumn,
                  { title: t(text('colColumn')), dataIndex: 'field', width: 180, render: (field: string) => columnOf(field) },
                  { title: t(text('colReason')), dataIndex: 'reason' },
                ]}
              />
            </section>
          ) : null}

          {check?.kind === 'valid' ? (
            <section aria-label={t(text('previewLabel'))}>
              <Alert
                type="success"
                showIcon
                icon={<CheckCircleOutlined aria-hidden />}
                data-testid="import-valid-summary"
                message={t(text('validTitle'), { count: formatNumber(check.rows) })}
                description={check.rows > check.preview.length ? t(text('previewFirst'), { count: check.preview.length }) : t(text('notYetWritten'))}
                style={{ marginBottom: 12 }}
              />
              <DataTable<P>
                rowKey="row"
                data-testid="import-preview"
                size="small"
                pagination={false}
                dataSource={check.preview}
                columns={[rowColumn, ...previewColumns]}
              />
              <Space style={{ marginTop: 16 }}>
                <Button type="primary" loading={busy === 'import'} onClick={() => void submit(false)}>
                  {t(text('confirm'), { count: formatNumber(check.rows) })}
                </Button>
                <Button onClick={() => setCheck(null)}>{t(text('cancel'))}</Button>
              </Space>
            </section>
          ) : null}
        </Space>
      </Card>
    </>
  );
}
