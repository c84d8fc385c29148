/**
 * Callback forwarding (as `stripe listen --forward-to` does): a callback meant for the merchant's
 * notify URL goes to another base instead — a merchant in a container, behind a tunnel, or on
 * another port than the one it advertised — keeping the notify URL's path and query, so the
 * merchant's routing still applies. A base may carry a path prefix (`http://host:9000/hooks`).
 */

/** `base` + the path and query of `notifyUrl`; undefined when the notify URL is not a URL (the
 *  attempt then fails on it, as it would unforwarded) */
export function forwardedUrl(base: string, notifyUrl: string): string | undefined {
  let target: URL;
  try {
    target = new URL(notifyUrl);
  } catch {
    return undefined;
  }
  const b = new URL(base);
  return `${b.origin}${b.pathname.replace(/\/+$/, '')}${target.pathname}${target.search}`;
}
