/** The parts of a plan outline a comparison looks at (a parsed or reviewed plan, any version). */
export interface OutlineForDiff {
  chapters: readonly {
    number: string;
    title: string;
    articles: readonly { number: string; title: string; measures: readonly { text: string }[] }[];
  }[];
}

export interface PlanDiff {
  chapters: {
    added: { number: string; title: string }[];
    removed: { number: string; title: string }[];
    retitled: { number: string; from: string; to: string }[];
  };
  articles: {
    added: { number: string; title: string }[];
    removed: { number: string; title: string }[];
    retitled: { number: string; from: string; to: string }[];
    /** Articles whose measures changed: measures present only in the new or only in the old version. */
    measuresChanged: { number: string; added: string[]; removed: string[] }[];
  };
  unchanged: boolean;
}

/**
 * What changed between two versions of a plan, matched by chapter and article number (numbers
 * are how offices refer to articles, and how tasks stay attached to them across versions).
 * Measures are compared by their text, whitespace ignored.
 */
export function diffPlanOutlines(before: OutlineForDiff, after: OutlineForDiff): PlanDiff {
  const byNumber = <T extends { number: string }>(items: readonly T[]) => new Map(items.map((item) => [item.number, item]));
  const oldChapters = byNumber(before.chapters);
  const newChapters = byNumber(after.chapters);
  const oldArticles = byNumber(before.chapters.flatMap((c) => c.articles));
  const newArticles = byNumber(after.chapters.flatMap((c) => c.articles));
  const squash = (text: string) => text.replace(/\s+/g, '');

  const diff: PlanDiff = {
    chapters: { added: [], removed: [], retitled: [] },
    articles: { added: [], removed: [], retitled: [], measuresChanged: [] },
    unchanged: true,
  };
  for (const [number, chapter] of newChapters) {
    const old = oldChapters.get(number);
    if (!old) diff.chapters.added.push({ number, title: chapter.title });
    else if (old.title !== chapter.title) diff.chapters.retitled.push({ number, from: old.title, to: chapter.title });
  }
  for (const [number, chapter] of oldChapters) if (!newChapters.has(number)) diff.chapters.removed.push({ number, title: chapter.title });
  for (const [number, article] of newArticles) {
    const old = oldArticles.get(number);
    if (!old) {
      diff.articles.added.push({ number, title: article.title });
      continue;
    }
    if (old.title !== article.title) diff.articles.retitled.push({ number, from: old.title, to: article.title });
    const oldTexts = new Set(old.measures.map((m) => squash(m.text)));
    const newTexts = new Set(article.measures.map((m) => squash(m.text)));
    const added = article.measures.filter((m) => !oldTexts.has(squash(m.text))).map((m) => m.text);
    const removed = old.measures.filter((m) => !newTexts.has(squash(m.text))).map((m) => m.text);
    if (added.length > 0 || removed.length > 0) diff.articles.measuresChanged.push({ number, added, removed });
  }
  for (const [number, article] of oldArticles) if (!newArticles.has(number)) diff.articles.removed.push({ number, title: article.title });
  diff.unchanged = [...Object.values(diff.chapters), ...Object.values(diff.articles)].every((list) => list.length === 0);
  return diff;
}
