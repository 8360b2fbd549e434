// Maqal embed loader: the one script a publisher adds (type="module").
// It starts the WebAssembly module that sits beside it; the module defines <maqal-article>.
// A dynamic import, so that a missing or blocked file is caught below instead of failing silently.
//
// Imported during server-side rendering (Next.js, Remix, Astro evaluate `maqal/react` in Node),
// there is no page: it does nothing there, and runs in the browser that hydrates the page.
if (typeof window !== 'undefined' && typeof customElements !== 'undefined') {
  const wasm = new URL('./maqal-core_bg.wasm', import.meta.url);
  /** Not showing its article yet, and none of the publisher's own HTML inside. */
  const WAITING = ':not(:state(shown)):not(:has(> :not(script)))';
  // The module's download starts now, beside the glue's, not after it (on a phone that is a whole
  // round trip saved when the page has no preload; with one, this request reuses it).
  const download = fetch(wasm);
  // Its failure is reported once, below, by the start that awaits it.
  download.catch(() => {});
  // The stylesheet comes beside it, as a file of its own: it becomes a constructed stylesheet that
  // every widget's shadow root adopts, which a strict `style-src 'self'` allows (a <style> element
  // or a style attribute would be refused). Without it the widget still works, unstyled.
  const styles = fetch(new URL('./maqal.css', import.meta.url))
    .then((response) => {
      if (!response.ok) throw new Error(`maqal.css: HTTP ${response.status}`);
      return response.text();
    })
    .then((text) => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(text);
      return sheet;
    })
    .catch((error) => {
      console.error('maqal: the stylesheet could not be loaded; widgets are unstyled', error);
      return null;
    });

  // Until a widget shows its article (or why it cannot), its element holds about a screen (what the
  // article will take), so the page below it does not jump when the article arrives. The widget
  // says so with the custom state `shown`. A constructed sheet on the document, not a <style>
  // element: a strict CSP allows it. An element with the publisher's own article inside already
  // has its height. A page's own stylesheet can say the same from its first paint (README).
  // Inside :where(), so any rule of the page's own (`display: none` on small screens) wins, and
  // never for a `hidden` element (the browser's [hidden] rule is weaker than any page rule).
  try {
    const reserve = new CSSStyleSheet();
    // The same rules as the README gives pages: until the module defines the element the space is
    // held for at most 8 s (a module that never arrives must not leave a blank screen), then until
    // the widget shows its article.
    reserve.replaceSync(`:where(maqal-article:not(:defined):not([hidden])${WAITING}) { display: block; min-block-size: 100vh; animation: maqal-release 0s 8s forwards; }
      :where(maqal-article:defined:not([hidden])${WAITING}) { display: block; min-block-size: 100vh; }
      :where(maqal-article[mode="excerpt" i]:not([hidden])${WAITING}) { min-block-size: 24em; }
      @keyframes maqal-release { to { min-block-size: 0; } }`);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, reserve];
  } catch {
    // A browser without constructed stylesheets, :has() or :state(): no reservation, no harm.
  }

  const told = new WeakSet();
  /** Puts the "could not start" message, in the page's language, into one widget, and tells the
   * page's error reporting (once per element), as the widget's own `maqal:error` would. */
  function tellWidget(host) {
    if (told.has(host)) return;
    told.add(host);
    host.dispatchEvent(new CustomEvent('maqal:error', {
      bubbles: true, composed: true, detail: { region: 'article', kind: 'startup' },
    }));
    if (host.shadowRoot) return;
    // The publisher put the article's own HTML inside: it is readable as it is, leave it.
    if ([...host.children].some((child) => child.localName !== 'script')) return;
    const lang = (host.closest('[lang]')?.lang || navigator.language || 'en').toLowerCase();
    const arabic = lang.startsWith('ar');
    const note = document.createElement('p');
    note.setAttribute('role', 'alert');
    note.dir = arabic ? 'rtl' : 'ltr';
    note.lang = arabic ? 'ar' : 'en';
    note.textContent = arabic
      ? 'تعذّر تشغيل أداة عرض المقال. أعد تحميل الصفحة.'
      : 'The article widget could not start. Please reload the page.';
    // CSSOM, not a style attribute string: allowed under a strict style-src.
    Object.assign(note.style, { margin: '0', padding: '1em', border: '2px solid #b3261e', borderRadius: '8px' });
    host.attachShadow({ mode: 'open' }).append(note);
  }

  async function start() {
    // The stylesheet is waited for (it is small and on its way with the rest), but not for ever: a
    // stalled one must not keep the widgets from showing. Arriving later, it is adopted then.
    const late = new Promise((resolve) => setTimeout(resolve, 5000, 'late'));
    const [core, sheet] = await Promise.all([import('./maqal-core.js'), Promise.race([styles, late])]);
    await core.default({ module_or_path: download });
    // Widgets render in the next task at the earliest, so they all start styled.
    if (sheet === 'late') styles.then((arrived) => arrived && core.adoptStyles(arrived));
    else if (sheet) core.adoptStyles(sheet);
  }

  start().catch((error) => {
    console.error('maqal: the widget could not start', error);
    // Never leave an empty box. Defining the element reaches every widget, now and later, also
    // those inside other components' shadow roots, which no document query finds.
    if (!customElements.get('maqal-article')) {
      customElements.define('maqal-article', class extends HTMLElement {
        constructor() {
          super();
          // It shows what it has to say: the space held for an article is let go.
          try { this.attachInternals().states.add('shown'); } catch { /* no custom states */ }
        }
        connectedCallback() { tellWidget(this); }
      });
    } else {
      document.querySelectorAll('maqal-article').forEach(tellWidget);
    }
  });
}
