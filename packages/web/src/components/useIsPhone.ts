import { useSyncExternalStore } from 'react';

/**
 * The width under which the app takes its phone layout (top bar and drawer menu, folded filters,
 * one-column forms). The same width as the `@media (max-width: 767.98px)` rules of styles.css.
 */
export const PHONE_QUERY = '(max-width: 767.98px)';

/** Whether the window is phone-sized; followed as it changes (rotation, a resized window). */
export function useIsPhone(): boolean {
  return useSyncExternalStore(
    (changed) => {
      const query = window.matchMedia(PHONE_QUERY);
      query.addEventListener('change', changed);
      return () => query.removeEventListener('change', changed);
    },
    () => window.matchMedia(PHONE_QUERY).matches,
  );
}
