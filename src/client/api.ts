/** The runner's HTTP API as the page calls it; the HttpOnly cookie carries the token. */
import { API_PREFIX, CLIENT_HEADER } from '../../core/api.ts';

export const API = API_PREFIX;

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
  }
}

export async function call<T = Record<string, unknown>>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
  // State-changing calls always carry a JSON body and our header: the runner refuses them otherwise.
  const sends = method !== 'GET';
  const res = await fetch(API + path, {
    method,
    headers: sends ? { 'content-type': 'application/json', [CLIENT_HEADER]: '1' } : {},
    body: sends ? JSON.stringify(body ?? {}) : undefined,
  });
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw new ApiError(String(json.error ?? `${res.status} ${res.statusText}`), res.status, json);
  return json as T;
}
