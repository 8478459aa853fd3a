// Model output as sanitized markdown. marked escapes text and code itself, so the model's text goes
// in unescaped (escaping it first showed `a<b` in a code span as `a&lt;b`); raw HTML the model
// writes is rendered as text by an `html` renderer that escapes it. Our <mark> tags for differing
// tokens travel through marked as two private-use characters and become tags afterwards, so they
// work inside code spans too. DOMPurify then removes anything unsafe that could remain.
import DOMPurify from 'dompurify';
import { Marked } from 'marked';
import type { MarkedToken } from '../core/compare/token-diff.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Stand-ins for <mark> and </mark> (Unicode private use: never in a tokenizer's normal output, and stripped if they are). */
const MARK_OPEN = '\uE000';
const MARK_CLOSE = '\uE001';
const STAND_INS = /[\uE000\uE001]/g;

const markdown = new Marked({ async: false, gfm: true, breaks: true, renderer: { html: ({ text }) => escapeHtml(text) } });

/** The markdown of the tokens as HTML, before sanitizing (pure: no DOM needed). */
export function markdownHtml(tokens: readonly MarkedToken[]): string {
  const source = tokens
    .map((t) => {
      const text = t.text.replace(STAND_INS, '');
      return t.differs && text.trim() ? `${MARK_OPEN}${text}${MARK_CLOSE}` : text;
    })
    .join('');
  const html = markdown.parse(source) as string;
  return html.replaceAll(MARK_OPEN, '<mark>').replaceAll(MARK_CLOSE, '</mark>');
}

export function renderMarkdown(tokens: readonly MarkedToken[]): string {
  return DOMPurify.sanitize(markdownHtml(tokens), { ALLOWED_TAGS: ['p', 'br', 'strong', 'em', 'code', 'pre', 'ul', 'ol', 'li', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'mark', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'del', 'hr'], ALLOWED_ATTR: ['href', 'title'] });
}
