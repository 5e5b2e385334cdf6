/**
 * The tab's one connection to `GET /api/v1/events`: the names of what changed (`pair:<id>`,
 * `user:<id>`, `all`, `reset`), never data. Screens re-read through the normal routes when a name
 * concerns them (useApi's `live` option), so the server's scope filters decide what they get.
 */
type Listener = (topic: string) => void;

/** When changes may have been missed (the stream broke and came back): everything re-reads. */
export const RESET_TOPIC = 'reset';

const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 60_000;
/**
 * A hidden tab gives its stream up after this long: browsers allow six connections to a host for
 * all tabs together, and the server a few streams per session. It re-reads when it is shown again.
 */
const HIDDEN_CLOSE_MS = 60_000;

const listeners = new Set<Listener>();
let users = 0;
let source: EventSource | null = null;
let connectedBefore = false;
let retryDelay = RETRY_MIN_MS;
let retryTimer: number | undefined;
let hiddenTimer: number | undefined;

export function subscribeLive(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

function emit(topic: string): void {
  for (const listener of [...listeners]) listener(topic);
}

function disconnect(): void {
  source?.close();
  source = null;
  window.clearTimeout(retryTimer);
  retryTimer = undefined;
}

function connect(): void {
  if (source || users === 0 || typeof EventSource === 'undefined') return;
  const current = new EventSource('/api/v1/events');
  source = current;
  current.onopen = () => {
    retryDelay = RETRY_MIN_MS;
    // Whatever changed while the stream was down went unheard.
    if (connectedBefore) emit(RESET_TOPIC);
    connectedBefore = true;
  };
  current.onmessage = (event: MessageEvent<string>) => emit(event.data);
  // The session is over: the next read answers 401 and the app goes to the login page.
  current.addEventListener('end', () => disconnect());
  current.onerror = () => {
    // CONNECTING: the browser tries again by itself. CLOSED: refused (429, 503, 401): back off.
    if (current.readyState !== EventSource.CLOSED || source !== current) return;
    source = null;
    retryTimer = window.setTimeout(() => {
      retryTimer = undefined;
      connect();
    }, retryDelay);
    retryDelay = Math.min(RETRY_MAX_MS, retryDelay * 2);
  };
}

function onVisibility(): void {
  if (document.visibilityState === 'hidden') {
    hiddenTimer = window.setTimeout(disconnect, HIDDEN_CLOSE_MS);
    return;
  }
  window.clearTimeout(hiddenTimer);
  if (!source && retryTimer === undefined) connect();
}

/** Opens the stream while a signed-in screen is shown (the shell calls it); returns the stop function. */
export function startLiveEvents(): () => void {
  users += 1;
  if (users === 1) {
    document.addEventListener('visibilitychange', onVisibility);
    if (document.visibilityState !== 'hidden') connect();
  }
  return () => {
    users -= 1;
    if (users > 0) return;
    document.removeEventListener('visibilitychange', onVisibility);
    window.clearTimeout(hiddenTimer);
    disconnect();
    connectedBefore = false;
  };
}
