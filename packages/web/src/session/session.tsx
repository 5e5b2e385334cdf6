import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { BOOT_SESSION, bootRead, readSession } from '../api/boot.js';
import { ApiError, call, client, onApiError, type Session } from '../api/client.js';

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous'; reason: 'none' | 'logged_out' }
  /** The session of `userId` ended under the user (idle timeout, logged out elsewhere). */
  | { status: 'anonymous'; reason: 'ended'; userId: string }
  | { status: 'authenticated'; session: Session }
  | { status: 'error'; error: ApiError };

/** What the login page is told: where to go back to, and for whom. */
export interface LoginLocationState {
  from?: string;
  /** Only this user goes back to `from`; unset for a link opened without a session (anyone). */
  fromUserId?: string;
  reason?: 'none' | 'ended' | 'logged_out';
}

/** Where a user lands after logging in from a page that said `state`. */
export function afterLoginPath(state: LoginLocationState, userId: string): string {
  if (state.from === undefined) return '/';
  return state.fromUserId === undefined || state.fromUserId === userId ? state.from : '/';
}

interface SessionApi {
  state: SessionState;
  /** Logs in; throws ApiError with the server's message (wrong password, locked, disabled). */
  login(username: string, password: string): Promise<Session>;
  logout(): Promise<void>;
  /** Reloads the session from the server (after a password change, for instance). */
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const refresh = useCallback(async () => {
    try {
      // The first check takes the read the page load started (api/boot.ts); later ones ask again.
      const session = await bootRead(BOOT_SESSION, readSession);
      setState({ status: 'authenticated', session });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setState({ status: 'anonymous', reason: 'none' });
      else setState({ status: 'error', error: error instanceof ApiError ? error : ApiError.network() });
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // Any call can find the session ended (idle timeout, logged out elsewhere) or a password change pending.
  useEffect(
    () =>
      onApiError((error) => {
        if (error.code === 'UNAUTHENTICATED') {
          setState((current) => (current.status === 'authenticated' ? { status: 'anonymous', reason: 'ended', userId: current.session.user.id } : current));
        } else if (error.code === 'PASSWORD_CHANGE_REQUIRED') {
          setState((current) =>
            current.status === 'authenticated' && !current.session.user.mustChangePassword
              ? { status: 'authenticated', session: { ...current.session, user: { ...current.session.user, mustChangePassword: true } } }
              : current,
          );
        }
      }),
    [],
  );

  const login = useCallback(async (username: string, password: string) => {
    const session = await call(client.POST('/api/v1/auth/login', { body: { username, password } }));
    setState({ status: 'authenticated', session });
    return session;
  }, []);

  const logout = useCallback(async () => {
    try {
      await call(client.POST('/api/v1/auth/logout'));
    } catch (error) {
      // An already ended session is logged out as well.
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
    }
    setState({ status: 'anonymous', reason: 'logged_out' });
  }, []);

  const value = useMemo<SessionApi>(() => ({ state, login, logout, refresh }), [state, login, logout, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in session; only for components rendered behind `RequireSession`. */
export function useCurrentSession(): Session {
  const { state } = useSession();
  if (state.status !== 'authenticated') throw new Error('useCurrentSession without a session');
  return state.session;
}

export function hasAnyPermission(session: Session, permissions: readonly string[]): boolean {
  return permissions.length === 0 || permissions.some((p) => session.permissions.includes(p));
}
