/**
 * The cashier's one style sheet, inlined in each page and allowed by its hash in the page's
 * Content-Security-Policy (no 'unsafe-inline', no script at all). Written for a phone first: one
 * column, inputs at 16 px (smaller makes iOS zoom in), nothing of fixed width, so it holds at
 * 320 px; label and value rows wrap instead of relying on how wide a glyph is, since the font
 * stack may end at a fallback without CJK glyphs.
 */
import { createHash } from 'node:crypto';

export const CASHIER_CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#eef1f5;color:#1f2329;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif}
header{background:#1f6fd1;color:#fff;padding:12px 16px}
header h1{margin:0 auto;max-width:440px;font-size:18px;font-weight:600}
.sim{background:#fff7e6;color:#874d00;border-bottom:1px solid #ffd591;padding:8px 16px;font-size:14px}
.sim p{margin:0 auto;max-width:440px}
main{max-width:440px;margin:0 auto;padding:12px}
section{background:#fff;border-radius:8px;padding:16px;margin-bottom:12px}
h2{font-size:17px;margin:0 0 8px}
.payee{margin:0;color:#4e5969;overflow-wrap:anywhere}
.amount{font-size:32px;font-weight:600;margin:4px 0 8px;overflow-wrap:anywhere}
dl{margin:0}
dl div{display:flex;flex-wrap:wrap;justify-content:space-between;gap:0 12px;padding:6px 0;border-top:1px solid #f2f3f5;font-size:15px}
dt{color:#6b7280}
dd{margin:0 0 0 auto;text-align:right;min-width:0;overflow-wrap:anywhere}
label{display:block;margin-top:14px;color:#1f2329}
.field{display:block;width:100%;margin-top:6px;padding:10px 12px;font:inherit;font-size:16px;color:inherit;background:#fff;border:1px solid #c9cdd4;border-radius:6px}
.field[readonly]{background:#f2f3f5;color:#4e5969}
.field[aria-invalid=true]{border-color:#c4320a}
.hint{display:block;margin-top:4px;font-size:14px;color:#6b7280}
.err{display:block;margin-top:4px;font-size:14px;color:#c4320a}
.alert{margin:0 0 12px;padding:10px 12px;border-radius:6px;background:#fff1f0;color:#a8071a;border:1px solid #ffccc7}
.aid{margin:12px 0 0;padding:10px 12px;border-radius:6px;background:#fff7e6;border:1px dashed #fa8c16;color:#874d00;font-size:15px;overflow-wrap:anywhere}
.code{font-family:ui-monospace,Menlo,Consolas,"DejaVu Sans Mono","Liberation Mono",monospace;font-size:22px;font-weight:600;letter-spacing:2px;color:#1f2329}
.agree{display:flex;align-items:flex-start;gap:8px;font-size:15px}
.agree input{flex:none;width:20px;height:20px;margin:2px 0 0}
.agree span{min-width:0}
button{display:block;width:100%;margin-top:16px;padding:12px;font:inherit;font-size:16px;border-radius:6px;cursor:pointer;border:1px solid transparent}
.primary{background:#1f6fd1;color:#fff}
.secondary{background:#fff;color:#1f6fd1;border-color:#1f6fd1}
.test{background:#fff;color:#a8071a;border-color:#e5e6eb;font-size:16px}
.links{margin:12px 0 0;font-size:15px}
a{color:#1f6fd1}
.result{text-align:center}
.result h2{font-size:22px}
.ok{color:#0e8a3e}
.bad{color:#c4320a}
.wait{color:#b35900}
.reason{margin:8px 0 0;overflow-wrap:anywhere}
.back{display:block;margin-top:16px;padding:12px;border-radius:6px;background:#1f6fd1;color:#fff;text-decoration:none;text-align:center}
@media (max-width:360px){main{padding:8px}section{padding:12px}.amount{font-size:28px}}
`.trim();

/** the CSP source that allows exactly this style sheet */
export const CASHIER_CSS_SOURCE = `'sha256-${createHash('sha256').update(CASHIER_CSS).digest('base64')}'`;
