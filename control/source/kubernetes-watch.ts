// The client library's Watch with what weft adds to every watch request (bookmarks, a
// server-side timeout, an idle timeout), and the retry arithmetic around it.
import { Watch, type KubeConfig } from '@kubernetes/client-node';
import { errorMessage } from '../../lib/errors.ts';

export interface WatchHooks {
  /** False: do not open (the informer was stopped or replaced). */
  beforeWatch(): boolean;
  timeoutSeconds(): number;
  onEvent(): void;
  onErrorEvent(status: { code?: number; reason?: string; message?: string }): void;
}

/** The client's Watch, asking for bookmarks and a server-side timeout, with our idle timeout. */
export class TunedWatch extends Watch {
  private readonly hooks: WatchHooks;

  constructor(kc: KubeConfig, idleTimeoutMs: number, hooks: WatchHooks) {
    super(kc);
    this.hooks = hooks;
    // Watch restarts a stream silent for requestTimeoutMs (declared private, settable at run time).
    (this as unknown as { requestTimeoutMs: number }).requestTimeoutMs = idleTimeoutMs;
  }

  override async watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, apiObj: unknown, watchObj?: unknown) => void,
    done: (err: unknown) => void,
  ): Promise<AbortController> {
    if (!this.hooks.beforeWatch()) {
      done(null);
      return new AbortController();
    }
    const query = { ...queryParams, allowWatchBookmarks: true, timeoutSeconds: this.hooks.timeoutSeconds() };
    return super.watch(
      path,
      query,
      (phase, obj, watchObj) => {
        if (phase === 'ERROR') this.hooks.onErrorEvent((obj ?? {}) as { code?: number; reason?: string; message?: string });
        else this.hooks.onEvent();
        callback(phase, obj, watchObj);
      },
      done,
    );
  }
}

export function statusOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; statusCode?: unknown };
  if (typeof e.code === 'number') return e.code;
  if (typeof e.statusCode === 'number') return e.statusCode;
  return undefined;
}

/** The API server's Status message when there is one, else the error and its cause. */
export function detail(err: unknown): string {
  let body = (err as { body?: unknown }).body;
  if (typeof body === 'string' && body.startsWith('{')) {
    try {
      body = JSON.parse(body);
    } catch {
      // not a Status object
    }
  }
  const message = (body as { message?: unknown } | undefined)?.message;
  if (typeof message === 'string' && message) return message;
  const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return `${errorMessage(err)}${cause}`;
}
