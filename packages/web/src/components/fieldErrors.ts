import type { FormInstance } from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import { ApiError, type FieldIssue } from '../api/client.js';
import type { Lang } from '../i18n/i18n.js';
import { type MessageKey, messages } from '../i18n/messages.js';

/** Any thrown value as an ApiError (the client throws ApiError; anything else is a lost connection). */
export function asApiError(cause: unknown): ApiError {
  return cause instanceof ApiError ? cause : ApiError.network();
}

/** A field issue in the UI language: the server's Chinese reason, or the English text of a known problem code. */
export function issueText(issue: FieldIssue, lang: Lang): string {
  if (lang === 'zh' || !issue.code) return issue.reason;
  const key = `password.problem.${issue.code}`;
  return key in messages ? messages[key as MessageKey].en : issue.reason;
}

/** `roles.0.scope` → `['roles', 0, 'scope']`, the name path of a field inside a Form.List. */
function namePath(field: NamePath): (string | number)[] {
  if (Array.isArray(field)) return field as (string | number)[];
  return String(field)
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * Puts the server's field issues beside the form's fields. `fieldFor` maps a server field
 * (`values.0.value`) to the form field that shows it, as a dotted name or a name path (null: no
 * field does). The first field with a problem takes the focus, so its error is read with it.
 * Returns the issues no field could show, for the form to show above its buttons.
 */
export function showFieldErrors(
  form: Pick<FormInstance, 'setFields' | 'scrollToField'>,
  error: ApiError,
  lang: Lang,
  fieldFor: (field: string) => NamePath | null = (field) => field,
): FieldIssue[] {
  const unplaced: FieldIssue[] = [];
  const placed = new Map<string, { name: (string | number)[]; errors: string[] }>();
  for (const issue of error.details) {
    const target = fieldFor(issue.field);
    if (target === null) {
      unplaced.push(issue);
      continue;
    }
    const name = namePath(target);
    const key = JSON.stringify(name);
    const entry = placed.get(key) ?? { name, errors: [] };
    entry.errors.push(issueText(issue, lang));
    placed.set(key, entry);
  }
  if (placed.size === 0) return unplaced;
  form.setFields([...placed.values()]);
  const [first] = placed.values();
  // After the next paint: a problem shown in a drawer's footer shortens its body first.
  window.requestAnimationFrame(() => form.scrollToField(first!.name, { block: 'center', scrollMode: 'always', focus: true }));
  return unplaced;
}

/** An issue no field shows, as one line: `field: reason`. */
export function unplacedLine(issue: FieldIssue, lang: Lang): string {
  const text = issueText(issue, lang);
  return issue.field ? `${issue.field}: ${text}` : text;
}
