import { call, client, type Schemas } from '../api/client.js';
import { type ApiState, useApi } from './useApi.js';

export type PlanTree = Schemas['PlanTree'];
export type TreeChapter = PlanTree['chapters'][number];
export type TreeArticle = TreeChapter['articles'][number];

export interface PublishedPlan {
  plan: Schemas['Plan'];
  tree: PlanTree;
}

/**
 * The pair's plan in force (the first plan with a published version) and its tree of chapters and
 * articles with the caller's task counts; null when no plan is published yet.
 */
export function usePublishedPlan(pairId: string | undefined, deps: readonly unknown[] = []): ApiState<PublishedPlan | null> {
  return useApi(async () => {
    if (!pairId) return null;
    const plans = await call(client.GET('/api/v1/plans', { params: { query: { pairId } } }));
    const plan = plans.items.find((p) => p.versions.some((v) => v.status === 'published'));
    if (!plan) return null;
    const tree = await call(client.GET('/api/v1/plans/{id}/tree', { params: { path: { id: plan.id } } }));
    return { plan, tree };
  }, [pairId, ...deps]);
}

/** The article of the tree with that number, and its chapter. */
export function findArticle(tree: PlanTree | undefined, articleNo: string): { chapter: TreeChapter; article: TreeArticle } | null {
  for (const chapter of tree?.chapters ?? []) {
    const article = chapter.articles.find((a) => a.number === articleNo);
    if (article) return { chapter, article };
  }
  return null;
}
