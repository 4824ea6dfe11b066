/** Calls to the admin JSON API: with a session token from App Bridge when embedded, without one in the sandbox. */

declare global {
  interface Window {
    shopify?: { idToken(): Promise<string> };
  }
}

/** An API answer that was not 2xx, with the server's message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }
}

/** Fetches `/api${path}` and returns the JSON body; throws ApiError for non-2xx answers. */
export async function api<T = any>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (window.shopify?.idToken) headers.set('Authorization', `Bearer ${await window.shopify.idToken()}`);
  if (init.body !== undefined && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
  const response = await fetch(`/api${path}`, { ...init, headers });
  const text = await response.text();
  let body: any = null;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    body = text;
  }
  if (!response.ok) {
    const error = body?.error;
    throw new ApiError(
      response.status,
      error?.code ?? `http_${response.status}`,
      error?.message ?? `The server answered ${response.status}.`,
      body,
    );
  }
  return body as T;
}
