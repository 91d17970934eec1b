// Types of herald.js (Herald's JavaScript client). The contract behind them: Herald's README.

export const VERSION: string;
/** The sub-protocol the client asks for on the socket. */
export const SUB_PROTOCOL: 'herald.v1.ndjson';

export type Transport = 'websocket' | 'sse' | 'poll';
export type State = 'connecting' | 'open' | 'reconnecting' | 'offline' | 'closed';

export const Status: Readonly<{
  CONNECTING: 'connecting'; OPEN: 'open'; RECONNECTING: 'reconnecting'; OFFLINE: 'offline'; CLOSED: 'closed';
}>;

export interface Options {
  /** Transports tried in this order (default: websocket, sse, poll). */
  transports: readonly Transport[];
  /** First retry waits a random share of this (default 500 ms); each failure doubles it ... */
  backoffBaseMs: number;
  /** ... up to this (default 30,000 ms). */
  backoffCapMs: number;
  /** A transport with no welcome this long is given up for the next one (default 5,000 ms). */
  welcomeTimeoutMs: number;
  /** join, leave, subscribe, unsubscribe, emit, auth reject with code 'timeout' after this (default 10,000 ms). */
  actionTimeoutMs: number;
  /** call rejects with code 'timeout' after this (default 15,000 ms). */
  callTimeoutMs: number;
  /** Long poll wait, seconds (default 25, server max 30). */
  pollWaitSeconds: number;
  /** A poll unanswered this long after its wait is given up and the client reconnects (default 10,000 ms). */
  pollGraceMs: number;
  /** Event ids remembered to drop duplicates (default 1,000). */
  recentIds: number;
  /** Token refreshed this long before its exp, at most half its remaining life (default 60,000 ms). */
  refreshMarginMs: number;
}

export const DEFAULTS: Readonly<Options>;

export interface ConnectOptions extends Partial<Options> {
  /** A JWT of the user. With neither token nor tokenProvider the client sends no credential (cookie mode). */
  token?: string;
  /**
   * Gives a fresh JWT: asked at connect when there is no token or it has expired, before its exp (sent with the
   * in-band auth action), and when the server closes with 4401. Resolving to null/undefined means "none": the
   * client then stops (status closed).
   */
  tokenProvider?: () => string | null | undefined | Promise<string | null | undefined>;
  /** Rooms joined at connect, and rejoined on every reconnect. */
  rooms?: string[];
  /** Server-side subscription at connect (exact types or prefixes ending in '*'); none: every type. */
  types?: string[];
  /** Resume from this event id at the first connect (e.g. one kept in sessionStorage). */
  since?: string;
}

/** An event of the tenant's stream (it has an id), or a frame without one: presence, user:status, client events. */
export interface HeraldFrame {
  type: string;
  id?: string;
  tenant?: string;
  room?: string | null;
  user?: string;
  state?: string;
  data?: unknown;
  meta?: unknown;
  timestamp?: string;
  [field: string]: unknown;
}

export interface StatusInfo {
  readonly state: State;
  /** The transport in use (open) or being tried next (connecting, reconnecting). */
  readonly transport: Transport;
  /** The close code that ended the last connection (4401, 4403, 1001, 1006, ...), or null. */
  readonly code: number | null;
  readonly reason: string | null;
  /** When reconnecting: the delay before the next attempt. */
  readonly retryInMs: number | null;
}

export interface Welcome {
  type: 'welcome';
  session: string;
  user: string;
  tenant: string;
  protocol?: string;
  transport?: Transport;
  /** The tenant's last event id when the session was accepted: the resume point of a client that has no event yet. */
  last_id?: string;
  heartbeat_ms?: number;
  limits?: Record<string, unknown>;
}

export interface ResetFrame { type: 'reset'; since: string; oldest: string | null; }

export interface JoinReply { room: string; rooms: string[]; members?: { user: string; devices: number; meta: unknown }[]; }
export interface TypesReply { types: string[]; }
export interface EmitReply { room: string; type: string; recipients: number; }

export declare class HeraldError extends Error {
  /** Herald's error code (forbidden, not_found, rate_limited, too_large, bad_frame, unauthorized, timeout,
   * unavailable, internal, an application's own call code) or the client's: timeout, disconnected, closed. */
  readonly code: string;
  /** The error frame, when the server sent one. */
  readonly frame?: unknown;
  constructor(code: string, message?: string, frame?: unknown);
}

export declare class Herald {
  /** Connects (and stays connected) to Herald deployed at url (its context root); default: where herald.js came from. */
  static connect(url?: string, options?: ConnectOptions): Herald;
  readonly status: StatusInfo;
  /** The last welcome, or null while not open. */
  readonly session: Welcome | null;
  readonly lastEventId: string | null;
  readonly rooms: string[];
  readonly types: string[] | null;
  /** fn for every event and message whose type matches (exact, trailing '*' prefix, or '*'); on('error'), that exact
   * name only, gets error frames that answer no action. */
  on(type: string, fn: (frame: HeraldFrame) => void): () => void;
  /** fn now and on every status change. */
  onStatus(fn: (status: StatusInfo) => void): () => void;
  /** fn when the server could not replay what was missed: reload the state built from events. */
  onReset(fn: (reset: ResetFrame) => void): () => void;
  join(room: string, meta?: Record<string, unknown>): Promise<JoinReply>;
  leave(room: string): Promise<JoinReply>;
  subscribe(types: string[]): Promise<TypesReply>;
  unsubscribe(types: string[]): Promise<TypesReply>;
  emit(room: string, type: string, data?: unknown): Promise<EmitReply>;
  call<T = unknown>(method: string, data?: unknown, options?: { timeoutMs?: number }): Promise<T>;
  close(): void;
}

export default Herald;

// The pure parts, exported for tests and for clients that need the same rules.
export function backoffDelay(attempt: number, limits?: Partial<Options>, random?: () => number): number;
export function matchesType(pattern: string, type: string): boolean;
export function parseFrames(text: string): Record<string, unknown>[];
export function frameKind(frame: { type?: unknown; id?: unknown }):
  'welcome' | 'reply' | 'error' | 'pong' | 'reset' | 'drain' | 'close' | 'event' | 'message';
export function closeAction(code: number): 'reconnect' | 'refresh' | 'stop';
export function httpStatusCode(status: number): number;
export function nextState(state: State, signal: 'welcome' | 'lost' | 'offline' | 'online' | 'close'): State;
export function tokenExpiry(jwt: string | null | undefined): number | null;
export function refreshDelay(expMs: number, nowMs: number, marginMs?: number): number;
export declare class RecentIds {
  constructor(capacity?: number);
  add(id: string): boolean;
  has(id: string): boolean;
  readonly size: number;
}
export declare class TransportLadder {
  constructor(transports?: readonly Transport[]);
  readonly current: Transport;
  failed(): boolean;
  succeeded(): void;
}
