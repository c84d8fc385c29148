/**
 * The headers of every cashier response, error pages and redirects included: a
 * Content-Security-Policy that allows no script at all and only the page's own hashed style
 * sheet, nosniff, no caching (a page may show an SMS code) and no framing. form-action names the
 * merchant's returnUrl origin too: browsers apply form-action to the redirect that follows a form
 * post, and a paid order's post is answered with a redirect to returnUrl.
 */
import { CASHIER_CSS_SOURCE } from './page-style.ts';

/** the merchant's returnUrl when a browser can be sent there: an absolute http(s) URL (LFT
 *  accepts one without a scheme, `www.example.com/done`, which a browser would read as a path on
 *  the cashier) */
export function browsableReturnUrl(returnUrl: string | undefined): URL | undefined {
  if (!returnUrl || !/^https?:\/\//i.test(returnUrl)) return undefined;
  try {
    return new URL(returnUrl);
  } catch {
    return undefined;
  }
}

export function cashierHeaders(returnUrl?: string): Record<string, string> {
  const formAction = ["'self'"];
  const target = browsableReturnUrl(returnUrl);
  if (target) formAction.push(target.origin);
  return {
    'content-security-policy': [
      "default-src 'none'",
      `style-src ${CASHIER_CSS_SOURCE}`,
      `form-action ${formAction.join(' ')}`,
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
  };
}
