// The pair a user last chose, kept in the browser; without React, so the page-load reads (api/boot.ts) can use it.
const PAIR_KEY = 'duikou.pair';

export function rememberedPairId(): string | null {
  try {
    return window.localStorage.getItem(PAIR_KEY);
  } catch {
    return null;
  }
}

export function rememberPairId(id: string): void {
  try {
    window.localStorage.setItem(PAIR_KEY, id);
  } catch {
    // Not remembered across visits; still selected.
  }
}

/** The pair the screens show: the one chosen, while the session can see it; else the first. */
export function pairToShow<P extends { id: string }>(pairs: readonly P[], chosenId: string | null): P | null {
  return pairs.find((p) => p.id === chosenId) ?? pairs[0] ?? null;
}
