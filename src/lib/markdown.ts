// Model output as sanitized markdown: the model's own text is HTML-escaped first (so raw HTML in
// an output shows as text), our <mark> tags for differing tokens are added, then marked renders
// and DOMPurify removes anything unsafe that could remain.
import DOMPurify from 'dompurify';
import { marked } from 'marked';
import type { MarkedToken } from '../core/compare/token-diff.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

export function renderMarkdown(tokens: readonly MarkedToken[]): string {
  const source = tokens.map((t) => (t.differs && t.text.trim() ? `<mark>${escapeHtml(t.text)}</mark>` : escapeHtml(t.text))).join('');
  const html = marked.parse(source, { async: false, gfm: true, breaks: true });
  return DOMPurify.sanitize(html, { ALLOWED_TAGS: ['p', 'br', 'strong', 'em', 'code', 'pre', 'ul', 'ol', 'li', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'mark', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'del', 'hr'], ALLOWED_ATTR: ['href', 'title'] });
}
