// A host app's use of Maqal, type-checked against the packed package's declarations
// (tests/e2e/package.test.mjs). Lines marked @ts-expect-error must stay errors.
import type { MaqalArticleElement, MaqalCommentPostedDetail } from 'maqal';
import 'maqal/react';

const widget = document.querySelector('maqal-article');
if (widget) {
  const typed: MaqalArticleElement = widget;
  typed.setAttribute('loading', 'lazy');
  widget.addEventListener('maqal:ready', (event) => {
    const { headline, url }: { headline: string; url: string } = event.detail;
    console.log(headline.length, url.length);
  });
  widget.addEventListener('maqal:comment-posted', (event) => {
    const detail: MaqalCommentPostedDetail = event.detail;
    const held: boolean = detail.status === 'held';
    // @ts-expect-error: the status is published or held, nothing else.
    const other: boolean = detail.status === 'spam';
    console.log(held, other);
  });
  // A listener on the document sees them too (they bubble and are composed).
  document.addEventListener('maqal:error', (event) => {
    const region: 'article' | 'comments' = event.detail.region;
    console.log(region, event.detail.kind);
  });
  widget.addEventListener('maqal:comments-loaded', (event) => {
    // @ts-expect-error: total is a number.
    const total: string = event.detail.total;
    console.log(total);
  });
}

const badge: HTMLElement = document.createElement('maqal-count');
console.log(badge);

export function Article({ slug }: { slug: string }) {
  return (
    <main>
      <maqal-article wordpress="https://news.example" post={slug} theme="auto" loading="lazy" mode="excerpt" page-size={20} />
      <maqal-article src="/a.json" className="wide" title="Comments" onClick={(event) => console.log(event.currentTarget.tagName)} />
      <maqal-count wordpress="https://news.example" post={slug} />
      {/* @ts-expect-error: mode is full or excerpt. */}
      <maqal-article src="/a.json" mode="teaser" />
    </main>
  );
}
