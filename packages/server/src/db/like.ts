/** A LIKE/ILIKE pattern for "contains `text`": the wildcards % and _ (and the escape \) in it match themselves. */
export function containing(text: string | undefined): string | null {
  return text ? `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
}
