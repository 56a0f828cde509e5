/**
 * A small client for the CouchDB HTTP API, only what replication and set-up use. It runs in the browser
 * (the session cookie is kept by the browser: requests go with `credentials: 'include'`) and in Node
 * (which keeps no cookies: the client keeps the `AuthSession` cookie itself, or sends basic auth).
 * A request that cannot reach the server is a `CouchError` with status 0, so callers can tell 离线
 * from a refusal.
 */
export class CouchError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly reason: string,
  ) {
    super(status === 0 ? `无法连接服务器：${reason}` : `服务器返回 ${status} ${error}：${reason}`);
  }
  get offline(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

export interface CouchClientOptions {
  /** "user:password" for basic auth (set-up as the server admin); else the session cookie */
  basic?: string;
  /** a request's time limit in ms (longpoll asks the server for less) */
  timeoutMs?: number;
}

type Query = Record<string, string | number | boolean | undefined>;

export class CouchClient {
  private cookie: string | undefined;
  readonly server: string;

  constructor(
    server: string,
    private readonly options: CouchClientOptions = {},
  ) {
    this.server = server.replace(/\/+$/, '');
  }

  async request<T>(method: string, path: string, body?: unknown, query: Query = {}, signal?: AbortSignal): Promise<T> {
    const qs = Object.entries(query)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('&');
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.options.basic) headers.authorization = `Basic ${btoa(unescape(encodeURIComponent(this.options.basic)))}`;
    else if (this.cookie) headers.cookie = this.cookie;
    // a wake-up that came while the caller was getting ready must still end the wait
    if (signal?.aborted) throw new CouchError(0, 'aborted', '已取消');
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs ?? 70_000);
    const stop = () => controller.abort();
    signal?.addEventListener('abort', stop);
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${this.server}${path}${qs ? `?${qs}` : ''}`, {
        method,
        headers,
        credentials: 'include',
        signal: controller.signal,
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      text = await res.text();
    } catch (e) {
      if (signal?.aborted) throw new CouchError(0, 'aborted', '已取消');
      throw new CouchError(0, 'offline', e instanceof Error ? e.message : String(e));
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
    }
    const setCookie = res.headers.get('set-cookie');
    const session = setCookie?.match(/AuthSession=[^;]*/)?.[0];
    if (session) this.cookie = session;
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!res.ok) {
      const j = (json ?? {}) as { error?: string; reason?: string };
      throw new CouchError(res.status, j.error ?? 'error', j.reason ?? text.slice(0, 200));
    }
    return json as T;
  }

  /** The bytes of an attachment of a document (of the version `rev`, else the current one); null when the server has no such attachment. */
  async attachmentBytes(db: string, id: string, name: string, rev?: string, signal?: AbortSignal): Promise<Uint8Array | null> {
    const headers: Record<string, string> = {};
    if (this.options.basic) headers.authorization = `Basic ${btoa(unescape(encodeURIComponent(this.options.basic)))}`;
    else if (this.cookie) headers.cookie = this.cookie;
    let res: Response;
    try {
      res = await fetch(`${this.server}${docPath(db, id)}/${encodeURIComponent(name)}${rev ? `?rev=${encodeURIComponent(rev)}` : ''}`, { headers, credentials: 'include', ...(signal && { signal }) });
    } catch (e) {
      throw new CouchError(0, 'offline', e instanceof Error ? e.message : String(e));
    }
    if (res.status === 404) return null;
    if (!res.ok) throw new CouchError(res.status, 'error', (await res.text()).slice(0, 200));
    return new Uint8Array(await res.arrayBuffer());
  }

  /** Logs in with CouchDB cookie auth (`POST /_session`). */
  async logIn(name: string, password: string): Promise<SessionInfo> {
    const r = await this.request<{ name: string | null; roles: string[] }>('POST', '/_session', { name, password });
    return { name: r.name, roles: r.roles };
  }

  async session(): Promise<SessionInfo> {
    const r = await this.request<{ userCtx: SessionInfo }>('GET', '/_session');
    return r.userCtx;
  }

  async logOut(): Promise<void> {
    await this.request('DELETE', '/_session');
    this.cookie = undefined;
  }
}

export interface SessionInfo {
  name: string | null;
  roles: string[];
}

export const dbPath = (db: string) => `/${encodeURIComponent(db)}`;
export const docPath = (db: string, id: string) =>
  `${dbPath(db)}/${id.startsWith('_design/') || id.startsWith('_local/') ? `${id.slice(0, id.indexOf('/'))}/${encodeURIComponent(id.slice(id.indexOf('/') + 1))}` : encodeURIComponent(id)}`;
