// HTTP basic authentication of the control socket (Kea's "authentication": {"type": "basic"}),
// as a plain function of the Authorization header so that every route — the command
// endpoint, the OpenAPI document, the lease-events WebSocket upgrade — checks it alike.

import { timingSafeEqual } from 'node:crypto';

export interface BasicAuthConfig {
  type: 'basic';
  realm: string;
  clients: { user: string; password: string }[];
}

/** Kea's 401 body, and the header that makes clients ask for credentials. */
export function unauthorizedResponse(realm: string): { status: 401; headers: Record<string, string>; body: { result: 401; text: string } } {
  return {
    status: 401,
    headers: { 'www-authenticate': `Basic realm="${realm.replace(/["\\]/g, '\\$&')}"` },
    body: { result: 401, text: 'Unauthorized' },
  };
}

/**
 * Returns the check of an Authorization header value: the user name when the credentials
 * are one of the configured clients', else null.
 */
export function basicAuthCheck(config: BasicAuthConfig): (authorization: string | undefined) => string | null {
  const expected = config.clients.map((c) => ({
    user: c.user,
    token: Buffer.from(Buffer.from(`${c.user}:${c.password}`, 'utf8').toString('base64')),
  }));
  return (authorization) => {
    if (typeof authorization !== 'string') return null;
    // RFC 7617 §2: the scheme is case-insensitive.
    const m = /^basic[ \t]+([A-Za-z0-9+/=]+)[ \t]*$/i.exec(authorization);
    if (!m) return null;
    const given = Buffer.from(m[1]);
    let user: string | null = null;
    // Compare with every client, without stopping early: the time taken says nothing about which one matched.
    for (const e of expected) {
      if (e.token.length === given.length && timingSafeEqual(e.token, given) && user === null) user = e.user;
    }
    return user;
  };
}
