// Model output rendered as markdown (src/lib/markdown.ts, before DOMPurify, which needs a DOM):
// each special character is escaped exactly once, in code spans, code blocks and text alike; raw
// HTML from the model shows as text; differing tokens are marked, also inside code.
import { describe, expect, it } from 'vitest';
import { markdownHtml } from '../../../src/lib/markdown.ts';

const same = (text: string) => ({ text, differs: false });
const differs = (text: string) => ({ text, differs: true });

describe('markdownHtml', () => {
  it('escapes code spans once: `a<b && c>d` shows those characters, not entities', () => {
    expect(markdownHtml([same('Use `a<b && c>d` here')])).toBe('<p>Use <code>a&lt;b &amp;&amp; c&gt;d</code> here</p>\n');
  });

  it('escapes fenced code once', () => {
    expect(markdownHtml([same('```\nif (x < 1 && y > 2) {}\n```')])).toBe('<pre><code>if (x &lt; 1 &amp;&amp; y &gt; 2) {}\n</code></pre>\n');
  });

  it('shows raw HTML from the model as text, inline and as a block', () => {
    expect(markdownHtml([same('hi <b onclick="x()">there</b>')])).toBe('<p>hi &lt;b onclick=&quot;x()&quot;&gt;there&lt;/b&gt;</p>\n');
    expect(markdownHtml([same('<script>alert(1)</script>')])).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('marks differing tokens, in text and inside code, and ignores stand-in characters in the output', () => {
    expect(markdownHtml([same('a '), differs('b'), same(' `c'), differs('d'), same('`')])).toBe('<p>a <mark>b</mark> <code>c<mark>d</mark></code></p>\n');
    expect(markdownHtml([same('x\uE000y\uE001')])).toBe('<p>xy</p>\n');
  });

  it('keeps markdown: emphasis, lists, line breaks', () => {
    expect(markdownHtml([same('**bold** and *it*\n- one\n- two')])).toBe('<p><strong>bold</strong> and <em>it</em></p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n');
  });
});
