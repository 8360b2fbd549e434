// Types for Maqal's custom elements and events. The script (`maqal.js`) has no exports: loading
// it defines <maqal-article> and <maqal-count>. Import this package (or reference these types)
// to get the elements in `document.querySelector`, `createElement` and event listeners typed.

/** Attributes of `<maqal-article>` (all strings in HTML; see docs/embedding.md for each). */
export interface MaqalArticleAttributes {
  /** URL of the article's JSON-LD (CORS). Wins over an inline `<script type="application/ld+json">`. */
  src?: string;
  /** Interface language: `ar` or `en`. Default: the article's, then the page's. */
  lang?: string;
  dir?: 'rtl' | 'ltr' | 'auto';
  /** `auto` (default) follows the host page's theme, live. */
  theme?: 'auto' | 'light' | 'dark';
  /** `local` (default), `local:moderated,offline,delay=MS`, `isso:URL`, `wordpress`, `none`. */
  comments?: string;
  /** The thread id. Default: the path of the article's URL, else of `src`, else of the page. */
  thread?: string;
  /** Top-level comments per page, 1–100 (default 10). */
  'page-size'?: number | `${number}`;
  /** A WordPress site's address; with `post`, the article and its comments come from its REST API. */
  wordpress?: string;
  /** A WordPress post's slug or numeric id. */
  post?: string;
  /** The REST base of the post's type (`pages`, a custom type's). Default `posts`. */
  'post-type'?: string;
  avatars?: 'local' | 'wordpress';
  'thread-depth'?: number | `${number}`;
  /** `lazy`: the comments are requested and rendered only when they come near the screen. */
  loading?: 'eager' | 'lazy';
  /**
   * `excerpt`: the headline, lead image and first paragraphs, with a link to the original;
   * `comments`: the comments alone (the page shows the article).
   */
  mode?: 'full' | 'excerpt' | 'comments';
  /** The order the top-level comments open in (the reader can change it). Default `oldest`. */
  sort?: 'oldest' | 'newest';
  /** `off`: no new comments while the reader reads (default `on`: a button offers them). */
  live?: 'on' | 'off';
}

/** Attributes of `<maqal-count>`, a comment-count badge. */
export interface MaqalCountAttributes {
  comments?: string;
  thread?: string;
  lang?: string;
  wordpress?: string;
  post?: string;
}

/** `maqal:ready`: the article is on screen. */
export interface MaqalReadyDetail {
  headline: string;
  /** The article's canonical address (the original's, also in excerpt mode). */
  url: string;
}

/** `maqal:comments-loaded`: the first comments are on screen. */
export interface MaqalCommentsLoadedDetail {
  /** Every comment in the thread, all levels. */
  total: number;
}

/** `maqal:comment-posted`: the reader's comment was accepted. */
export interface MaqalCommentPostedDetail {
  id: string;
  status: 'published' | 'held';
}

/** `maqal:error`: a region could not load. */
export interface MaqalErrorDetail {
  region: 'article' | 'comments';
  /** A stable name: `network`, `http`, `timeout`, `not-found`, `cors`, `server`, `unavailable`, `part` (a part of the widget could not be downloaded), `crash`, `startup`… */
  kind: string;
}

/** The widget's events. All bubble and are `composed`; none carries personal data. */
export interface MaqalEventMap {
  'maqal:ready': CustomEvent<MaqalReadyDetail>;
  'maqal:comments-loaded': CustomEvent<MaqalCommentsLoadedDetail>;
  'maqal:comment-posted': CustomEvent<MaqalCommentPostedDetail>;
  'maqal:error': CustomEvent<MaqalErrorDetail>;
}

export interface MaqalArticleElement extends HTMLElement {
  addEventListener<K extends keyof MaqalEventMap>(
    type: K,
    listener: (this: MaqalArticleElement, event: MaqalEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener<K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: MaqalArticleElement, event: HTMLElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof MaqalEventMap>(
    type: K,
    listener: (this: MaqalArticleElement, event: MaqalEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener<K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: MaqalArticleElement, event: HTMLElementEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

export type MaqalCountElement = HTMLElement;

/** Attributes a JSX element takes: the widget's, plus the usual ones. */
export type MaqalJsxProps<A> = A & {
  id?: string;
  class?: string;
  className?: string;
  style?: unknown;
  hidden?: boolean;
  children?: unknown;
  key?: string | number | bigint | null;
  ref?: unknown;
};

declare global {
  interface HTMLElementTagNameMap {
    'maqal-article': MaqalArticleElement;
    'maqal-count': MaqalCountElement;
  }
  // The events bubble out of the element, so listeners on the document are typed too.
  interface DocumentEventMap extends MaqalEventMap {}
  interface WindowEventMap extends MaqalEventMap {}
  // TypeScript's global JSX namespace (for React, `import 'maqal/react'`).
  namespace JSX {
    interface IntrinsicElements {
      'maqal-article': MaqalJsxProps<MaqalArticleAttributes>;
      'maqal-count': MaqalJsxProps<MaqalCountAttributes>;
    }
  }
}
