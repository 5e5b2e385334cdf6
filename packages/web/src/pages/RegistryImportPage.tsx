import { Alert } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { call, client } from '../api/client.js';
import type { paths } from '../api/schema.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import type { ChosenFile } from '../components/FilePicker.js';
import { downloadFile } from '../components/files.js';
import { ImportFlow, type ImportOutcome } from '../components/ImportFlow.js';
import { PageLoading } from '../components/PageLoading.js';
import { NotFound, RequirePermission } from '../components/PageStates.js';
import { PageTitle } from '../components/PageTitle.js';
import { useI18n } from '../i18n/i18n.js';
import { useShell } from '../shell/pair.js';
import { labelOf, type RegistryKind, type RegistryTypeName, useKindOf } from './registries/shared.js';
import { importFieldOf } from './registries/values.js';

type Preview = paths['/api/v1/registries/{type}/import']['post']['responses'][200]['content']['application/json']['preview'][number];

export function RegistryImportPage() {
  return (
    <RequirePermission any={['registries.write']}>
      <RegistryImportLoader />
    </RequirePermission>
  );
}

function RegistryImportLoader() {
  const { type } = useParams();
  const { t } = useI18n();
  const { pair, pairsLoading } = useShell();
  const { kinds, kind } = useKindOf(type, pair?.id);
  if (!pairsLoading && !pair) return <Alert type="info" showIcon message={t('registries.noPair')} />;
  if (kinds.error) return <ErrorAlert error={kinds.error} onRetry={kinds.reload} />;
  if (pairsLoading || kinds.loading || !kinds.data) return <PageLoading />;
  if (!kind) return <NotFound />;
  return <RegistryImport key={kind.type} kind={kind} pairId={pair!.id} />;
}

/** Upload → check (a dry run: every row error, or a preview) → confirm; one bad row and nothing is written. */
function RegistryImport({ kind, pairId }: { kind: RegistryKind; pairId: string }) {
  const { lang, t } = useI18n();
  const navigate = useNavigate();
  const path = { type: kind.type as RegistryTypeName };

  // The server names the field (`rows.3.headcount`); the user sees the template's column.
  const columnOf = (field: string) => {
    const key = importFieldOf(field);
    if (key === 'articleNos') return t('registries.import.articlesColumn');
    const declared = kind.fields.find((f) => f.key === key);
    return declared ? labelOf(declared.label, lang) : field;
  };

  async function send(file: ChosenFile, dryRun: boolean): Promise<ImportOutcome<Preview>> {
    const result = await call(
      client.POST('/api/v1/registries/{type}/import', { params: { path }, body: { pairId, fileName: file.name, fileBase64: file.base64, dryRun } }),
    );
    return 'valid' in result ? { kind: 'checked', rows: result.rows, preview: result.preview } : { kind: 'created', created: result.created };
  }

  return (
    <div>
      <PageTitle back={{ to: `/registries/${kind.type}`, label: t('registries.import.back') }}>
        {t('registries.import.title', { kind: labelOf(kind.label, lang) })}
      </PageTitle>
      <ImportFlow<Preview>
        texts="registries.import"
        downloadTemplate={() =>
          downloadFile(
            client.GET('/api/v1/registries/{type}/template.xlsx', { params: { path, query: { pairId } }, parseAs: 'blob' }),
            `${kind.type}-template.xlsx`,
          )
        }
        send={send}
        onCreated={() => navigate(`/registries/${kind.type}`)}
        columnOf={columnOf}
        previewColumns={[
          { title: t('registries.import.colTitle'), dataIndex: 'title' },
          { title: t('registries.import.colUnit'), dataIndex: 'unitName', width: 200 },
        ]}
      />
    </div>
  );
}
