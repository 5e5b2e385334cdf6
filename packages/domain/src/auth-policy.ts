/** Login lockout: after this many wrong passwords in a row the account is locked (等保 2.0 login-failure handling). */
export const LOGIN_MAX_FAILED_ATTEMPTS = 5;
/** How long a locked account stays locked. */
export const LOGIN_LOCK_MINUTES = 15;
/** Default idle timeout of a session; configurable per deployment. */
export const SESSION_IDLE_MINUTES_DEFAULT = 30;
