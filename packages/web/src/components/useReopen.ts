import { useCallback } from 'react';
import { useLocation, useNavigate } from 'react-router';

/**
 * Opens the current address again, like a click on the menu item of the open page: a click on the
 * active tab, which antd ignores, then re-reads what the tab lists (useApi's `live` reads).
 */
export function useReopen(): () => void {
  const navigate = useNavigate();
  const location = useLocation();
  return useCallback(
    () => navigate({ pathname: location.pathname, search: location.search }, { replace: true }),
    [navigate, location.pathname, location.search],
  );
}
