import { call, client, type Schemas } from '../../api/client.js';
import { type ApiState, useApi } from '../../components/useApi.js';
import type { Lang } from '../../i18n/i18n.js';

// The kinds of registry record, as GET /api/v1/registry-types declares them: small on purpose, so
// that the shell's menu can list them without loading the registry screens.

export type RegistryKind = Schemas['RegistryType'];

// The declarations change only with a release; option lists only when the office edits them. One read per pair and page load.
const kindsByPair = new Map<string, Promise<RegistryKind[]>>();

function loadKinds(pairId: string): Promise<RegistryKind[]> {
  let pending = kindsByPair.get(pairId);
  if (!pending) {
    pending = call(client.GET('/api/v1/registry-types', { params: { query: { pairId } } })).then((r) => r.items);
    pending.catch(() => kindsByPair.delete(pairId));
    kindsByPair.set(pairId, pending);
  }
  return pending;
}

/** Drops the pair's kinds read on this page load (after the office changed an option list), so the next screen reads them again. */
export function forgetRegistryKinds(pairId: string): void {
  kindsByPair.delete(pairId);
}

/** The kinds of registry record of the pair, with their fields and the pair's option lists. */
export function useRegistryKinds(pairId: string | undefined): ApiState<RegistryKind[]> {
  return useApi(async () => (pairId ? loadKinds(pairId) : []), [pairId]);
}

export const labelOf = (label: { zh: string; en: string }, lang: Lang) => (lang === 'zh' ? label.zh : label.en || label.zh);

/** Between the items of a list in running text: 、 in Chinese, a comma in English. */
export const listSeparator = (lang: Lang) => (lang === 'zh' ? '、' : ', ');
