/**
 * The Host check: the sandbox answers only requests addressed to it by a loopback name,
 * an IP address or a name its user allowed, as Vite's and webpack-dev-server's dev
 * servers do. A web page cannot read another origin's answers, but with DNS rebinding
 * its own name can resolve to 127.0.0.1, making the sandbox that page's "own" origin:
 * its requests then still carry the page's name in `Host`, which is what is refused.
 */
import { isIP } from 'node:net';

/**
 * Whether a `Host` header names the sandbox: `localhost` (and `*.localhost`, which
 * resolve to loopback by RFC 6761), any IP address (a rebinding attack needs a name
 * whose DNS answer it controls), the host it listens on, or one of `allowed` (a name,
 * or `.example.com` for that name and its subdomains); `true` allows any.
 * @internal
 */
export function hostAllowed(
  header: string | undefined,
  boundHost: string,
  allowed: readonly string[] | true,
): boolean {
  if (allowed === true) return true;
  const name = hostname(header);
  if (name === undefined) return false;
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIP(name.replace(/^\[|\]$/g, '')) !== 0) return true;
  if (name === boundHost.toLowerCase()) return true;
  return allowed.some((entry) => {
    const rule = entry.toLowerCase();
    return rule.startsWith('.') ? name === rule.slice(1) || name.endsWith(rule) : name === rule;
  });
}

/** The host name of a `Host` header (lower-cased, without the port), or undefined. */
function hostname(header: string | undefined): string | undefined {
  if (!header) return undefined;
  try {
    const url = new URL(`http://${header}/`);
    const given = header.toLowerCase();
    // `Host: a@b` or `Host: a/b` is no host name: refuse rather than guess.
    return url.host === given || `${url.host}:80` === given
      ? url.hostname.replace(/\.$/, '')
      : undefined;
  } catch {
    return undefined;
  }
}
