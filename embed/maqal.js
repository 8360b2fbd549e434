// Maqal embed loader: the one script a publisher adds (type="module").
// It starts the WebAssembly module that sits beside it; the module defines <maqal-article>.
// A dynamic import, so that a missing or blocked file is caught below instead of failing silently.
//
// Imported during server-side rendering (Next.js, Remix, Astro evaluate `maqal/react` in Node),
// there is no page: it does nothing there, and runs in the browser that hydrates the page.
if (typeof window !== 'undefined' && typeof customElements !== 'undefined') {
  // Every file the loader asks for, each named by a literal `new URL('./…', import.meta.url)` (the
  // glue by a literal `import('./…')`), which bundlers (Vite, webpack 5) follow and copy. A
  // release build rewrites this block (scripts/build-files.mjs): its files are then in a folder
  // named by the hash of their content, which only this loader names, so a page never pairs the
  // files of two builds; the parts each element may need besides the main module are listed
  // (a backend, the reader's part, the count badges' counting); every catalogue starts with its
  // build's `id`. A development build (`trunk serve`) is one module beside the loader.
  const BUILD = /* maqal:build */ {
    id: 'dev',
    glue: () => import('./maqal-core.js'),
    wasm: new URL('./maqal-core_bg.wasm', import.meta.url),
    css: new URL('./maqal.css', import.meta.url),
    i18n: {},
    parts: {},
  } /* maqal:build-end */;
  /** Not showing its article yet, and none of the publisher's own HTML inside. */
  const WAITING = ':not(:state(shown)):not(:has(> :not(script)))';

  // The module's download starts now, beside the glue's, not after it (on a phone that is a whole
  // round trip saved when the page has no preload; with one, this request reuses it).
  const download = fetch(BUILD.wasm);
  // Its failure is reported once, below, by the start that awaits it.
  download.catch(() => {});

  // What the widgets on the page use, fetched beside the main module rather than once it asks:
  // each widget's backend (its comments, and for WordPress its article too). Fetched as the
  // split modules' own loader fetches them, so that request takes this response.
  const preloaded = new Set();
  const preload = (part) => {
    for (const url of BUILD.parts[part] ?? []) {
      if (preloaded.has(url.href)) continue;
      preloaded.add(url.href);
      const link = document.createElement('link');
      link.rel = 'preload';
      link.as = 'fetch';
      link.type = 'application/wasm';
      link.crossOrigin = 'anonymous';
      link.href = url.href;
      document.head.append(link);
    }
  };
  /** The backend an element names (see docs/embedding.md: `comments`, `wordpress` and `post`). */
  const backendOf = (el) => {
    const spec = (el.getAttribute('comments') ?? '').trim().toLowerCase();
    const wordpress = el.hasAttribute('wordpress') && el.hasAttribute('post');
    if (spec.startsWith('isso:')) return 'isso';
    if (spec === 'none' || spec === 'off') return null;
    if (spec === 'wordpress' || (spec === '' && wordpress)) return 'wordpress';
    return 'local';
  };
  // Each widget's first reads, asked for now beside the module rather than once it runs: its
  // article (`src`, or a WordPress post) and the first page of its comments where the attributes
  // say which thread (Isso with `thread`; a WordPress post's once the post says its id). Each is
  // the module's own request to the byte (src/host/attributes.rs, src/comments/thread.rs, the
  // backends): the module takes the answer instead of asking (src/web/http.rs). One it asks
  // differently is never taken, and is let go after a minute.
  const early = new Map();
  // What the module has taken is not asked for again (a reply's answer read late by the loader).
  const taken = new Set();
  const keyOf = (url, credentials) => {
    try { return `${credentials} ${new URL(url, document.baseURI).href}`; } catch { return null; }
  };
  /** Asks now; the response's promise. `then` reads a copy of a good JSON answer. */
  const ask = (url, credentials, then) => {
    const key = keyOf(url, credentials);
    if (key == null || early.has(key) || taken.has(key)) return;
    const controller = new AbortController();
    const response = fetch(url, { credentials, signal: controller.signal });
    // A copy taken before the module can read the body; a failure is the module's to report.
    if (then) response.then((r) => r.ok && r.clone().json()).then((body) => body && then(body)).catch(() => {});
    else response.catch(() => {});
    early.set(key, { response, controller, timer: setTimeout(() => early.delete(key) && controller.abort(), 60_000) });
  };
  /** The module's request, if it was asked for here: taken once, and ending with the module's. */
  const take = (url, credentials, signal) => {
    const key = keyOf(url, credentials);
    const entry = early.get(key);
    if (!entry) return null;
    early.delete(key);
    taken.add(key);
    clearTimeout(entry.timer);
    signal.addEventListener('abort', () => entry.controller.abort(), { once: true });
    return entry.response;
  };
  // As the module reads the attributes and builds its requests.
  const encode = (value) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const query = (pairs) => pairs.map(([k, v]) => `${k}=${encode(v)}`).join('&');
  const site = (raw) => {
    const address = raw?.trim() ?? '';
    return /^https?:\/\/[^/]/i.test(address) && !/[?#\s]/.test(address) ? address.replace(/\/+$/, '') : null;
  };
  /** The module's first page (src/comments/thread.rs): the oldest first, five replies each. */
  const FIRST = { sort: 'oldest', nested: 5, pageSize: 10 };
  const firstReads = (el) => {
    const attr = (name) => el.getAttribute(name)?.trim() || null;
    const size = /^\d+$/.test(attr('page-size') ?? '') && +attr('page-size') >= 1 && +attr('page-size') <= 100 ? +attr('page-size') : FIRST.pageSize;
    const [kind, ...rest] = (el.getAttribute('comments') ?? '').trim().split(':');
    const spec = el.hasAttribute('comments') ? kind.toLowerCase() : null;
    const thread = attr('thread');
    // The order the top level opens in, as the module reads `sort`.
    const order = (attr('sort') ?? '').toLowerCase() === 'newest' ? 'newest' : FIRST.sort;
    const isso = spec === 'isso' ? site(rest.join(':')) : null;
    if (isso && thread) {
      ask(`${isso}/?${query([['uri', thread], ['limit', size], ['offset', 0], ['nested_limit', FIRST.nested], ['sort', order]])}`, 'include');
    }
    if (attr('src')) return ask(attr('src'), 'same-origin');
    const wordpress = site(attr('wordpress'));
    const post = attr('post');
    if (!wordpress || !post || /[/?#&\s]/.test(post) || post === '0' || post.length > 200) return;
    const api = `${wordpress}/wp-json/wp/v2/`;
    // The post type's REST base, as the module reads it (`post-type`, default posts).
    const base = (attr('post-type') ?? '').toLowerCase() || 'posts';
    if (!/^[a-z0-9_-]{1,40}$/.test(base)) return;
    const embed = ['_embed', 'author,wp:featuredmedia,wp:term'];
    const comments = (spec ?? 'wordpress') === 'wordpress' && ((id) => {
      const list = (pairs, then) => ask(`${api}comments?${query([...pairs, ['post', id]])}`, 'same-origin', then);
      list([['per_page', 1], ['_fields', 'id']]);
      list([['parent', 0], ['per_page', size], ['offset', 0], ['order', order === 'newest' ? 'desc' : 'asc'], ['orderby', 'date_gmt']], (level) => {
        // The replies of the page's comments, one level down (the module asks for the next).
        const ids = Array.isArray(level) ? level.map((c) => c?.id).filter((id) => Number.isSafeInteger(id) && id > 0) : [];
        if (ids.length) list([['parent', ids.join(',')], ['per_page', 100], ['order', 'asc'], ['orderby', 'date_gmt']]);
      });
    });
    const postId = (body) => (Array.isArray(body) ? body[0] : body)?.id;
    const then = comments && ((body) => Number.isSafeInteger(postId(body)) && comments(postId(body)));
    if (/^\d+$/.test(post)) {
      ask(`${api}${base}/${+post}?${query([embed])}`, 'same-origin');
      if (comments) comments(+post);
    } else {
      ask(`${api}${base}?${query([['slug', post], embed])}`, 'same-origin', then);
    }
  };
  for (const el of document.querySelectorAll('maqal-article, maqal-count')) {
    // A lazy widget asks for its parts when it comes near (the module does), not before.
    if (el.getAttribute('loading')?.trim().toLowerCase() === 'lazy') continue;
    const backend = backendOf(el);
    if (backend) preload(backend);
    if (el.localName === 'maqal-count') preload('count');
    if (el.localName !== 'maqal-article') continue;
    // A WordPress article comes through the WordPress module, whatever holds its comments.
    if (el.hasAttribute('wordpress') && el.hasAttribute('post')) preload('wordpress');
    firstReads(el);
  }

  // The interface's words: a catalogue per language beside the module (i18n/<language>.json), and
  // where the loader's own two notices are in one (both written here by scripts/languages.mjs).
  // English is built into the module (and its notices into this file).
  const [LANGUAGES, NOTICES] = /* maqal:languages */ [[], {}];
  /** Each catalogue's download (started once per page, again after a failure): its text or null. */
  const catalogues = new Map();
  const fetchCatalogue = (name) => {
    if (!catalogues.has(name)) {
      const controller = new AbortController();
      const text = fetch(BUILD.i18n[name], { signal: controller.signal })
        .then((response) => {
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          return response.text();
        })
        .then((body) => {
          // Read by position, so only its own build's: one of another build (a file left from
          // an older deploy, a cache that mixed them) would put words in the wrong places.
          const prefix = `[${JSON.stringify(BUILD.id)},`;
          if (!body.startsWith(prefix)) throw new Error('it is of another build of the widget');
          return `[${body.slice(prefix.length)}`;
        })
        .catch((error) => {
          // Not kept: the next widget, a retry or a rebuild asks again.
          if (catalogues.get(name)?.text === text) catalogues.delete(name);
          if (!controller.signal.aborted) console.warn(`maqal: the ${name} catalogue could not be loaded (${error.message}); English instead`);
          return null;
        });
      catalogues.set(name, { text, controller });
    }
    return catalogues.get(name);
  };
  /**
   * The text of a catalogue, handed to the module when it asks, or null: none by that name, or
   * none within a few seconds of the asking (the widget then speaks English rather than wait on;
   * its download is given up, and the next ask starts another).
   */
  const catalogue = (name) => {
    if (!LANGUAGES.includes(name) || name === 'en' || !BUILD.i18n[name]) return Promise.resolve(null);
    const { text, controller } = fetchCatalogue(name);
    let timer;
    const patience = new Promise((resolve) => {
      timer = setTimeout(() => {
        if (catalogues.get(name)?.text === text) catalogues.delete(name);
        controller.abort();
        console.warn(`maqal: the ${name} catalogue did not come within 5 s; English instead`);
        resolve(null);
      }, 5000);
    });
    return Promise.race([text, patience]).finally(() => clearTimeout(timer));
  };
  /**
   * A well-formed language tag as the browser writes it (`fa_af` → `fa-AF`, `iw` → `he`, `in` →
   * `id`; extensions such as `-u-nu-latn` kept, for the digits they ask for), or null: no tag, or
   * not one of a language (`und`, `x-…`, `*`).
   */
  const canonical = (tag) => {
    try {
      const [locale] = Intl.getCanonicalLocales(tag?.trim().replaceAll('_', '-') || []);
      if (/^[a-z]{2,3}(-|$)/.test(locale) && !locale.startsWith('und')) return locale;
    } catch {}
    return null;
  };
  /** The catalogue that serves a locale: its own, else its language's (fa-AF → fa). */
  const catalogueFor = (locale) => {
    const lower = locale.toLowerCase();
    return [lower, lower.split('-')[0]].find((name) => LANGUAGES.includes(name)) ?? null;
  };
  /**
   * The language an element speaks: its `lang`, else its article's `inLanguage` (the module says
   * it once the article is loaded; before that, the one in JSON-LD inside the element), else the
   * page's (the nearest `lang` above it), else the reader's first with a catalogue, else their
   * first. The first well-formed one wins, with or without a catalogue: its words are then
   * English, its direction, digits and plurals its own.
   */
  const warned = new WeakSet();
  const languageOf = (el, article) => {
    const own = el.getAttribute('lang');
    if (own?.trim() && !canonical(own) && !warned.has(el)) {
      warned.add(el);
      console.warn(`maqal: <${el.localName}>: lang=${JSON.stringify(own)} is not a language tag; choosing from the article and page`);
    }
    if (article == null) {
      const ld = el.querySelector?.(':scope > script[type="application/ld+json"]');
      article = ld ? /"inLanguage"\s*:\s*"([^"]*)"/.exec(ld.textContent)?.[1] : null;
    }
    // The nearest `lang` above it, through the shadow roots of the components it sits in.
    let page = null;
    for (let node = el; page == null && (node = node.parentElement ?? node.parentNode?.host); ) page = node.getAttribute('lang');
    const named = [own, article, page].map(canonical).find(Boolean);
    if (named) return named;
    const browser = [...(navigator.languages ?? [])].map(canonical).filter(Boolean);
    return browser.find(catalogueFor) ?? browser[0] ?? 'en';
  };
  /** The module's question: which locale, and which catalogue, for this element and article. */
  const language = (el, article) => {
    const locale = languageOf(el, article);
    return [locale, catalogueFor(locale)];
  };
  // Each widget's words start downloading now, beside the module.
  for (const el of document.querySelectorAll('maqal-article, maqal-count')) {
    const name = catalogueFor(languageOf(el));
    if (name && name !== 'en' && BUILD.i18n[name]) fetchCatalogue(name);
  }

  // The stylesheet comes beside it, as a file of its own: it becomes a constructed stylesheet that
  // every widget's shadow root adopts, which a strict `style-src 'self'` allows (a <style> element
  // or a style attribute would be refused). Without it the widget still works, unstyled.
  const styles = fetch(BUILD.css)
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
  // has its height. A page's own stylesheet can say the same from its first paint (docs/embedding.md).
  // Inside :where(), so any rule of the page's own (`display: none` on small screens) wins, and
  // never for a `hidden` element (the browser's [hidden] rule is weaker than any page rule).
  try {
    const reserve = new CSSStyleSheet();
    // The same rules as docs/embedding.md gives pages: until the module defines the element the space is
    // held for at most 8 s (a module that never arrives must not leave a blank screen), then until
    // the widget shows its article.
    reserve.replaceSync(`:where(maqal-article:not(:defined):not([hidden])${WAITING}) { display: block; min-block-size: 100vh; animation: maqal-release 0s 8s forwards; }
      :where(maqal-article:defined:not([hidden])${WAITING}) { display: block; min-block-size: 100vh; }
      :where(maqal-article:is([mode="excerpt" i], [mode="comments" i]):not([hidden])${WAITING}) { min-block-size: 24em; }
      @keyframes maqal-release { to { min-block-size: 0; } }`);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, reserve];
  } catch {
    // A browser without constructed stylesheets, :has() or :state(): no reservation, no harm.
  }

  /** English for the notices the loader writes itself (the catalogues' err_startup, err_crashed). */
  const ENGLISH = {
    err_startup: 'The article widget could not start. Please reload the page.',
    err_crashed: 'The article widget stopped after an internal error. Please reload the page.',
  };
  const told = new WeakSet();
  /**
   * Puts a notice in place of what a widget shows, in its language (the one it was speaking, else
   * the one it would have: English until its catalogue is here), and tells the page's error
   * reporting (once per element), as the widget's own `maqal:error` would. The publisher's own
   * article HTML, if any, stays readable under it.
   */
  function notice(host, kind, key) {
    if (told.has(host)) return;
    told.add(host);
    host.dispatchEvent(new CustomEvent('maqal:error', {
      bubbles: true, composed: true, detail: { region: 'article', kind },
    }));
    const own = [...host.children].some((child) => child.localName !== 'script');
    // Could not start, but the reader has the article: leave it as it is.
    if (kind === 'startup' && (own || host.shadowRoot)) return;
    const note = document.createElement('p');
    note.className = 'maqal-crashed';
    note.setAttribute('role', 'alert');
    const say = (locale, text) => {
      note.lang = locale;
      // The words' own direction: a right-to-left language's, or English's where its catalogue
      // has not come.
      note.dir = 'auto';
      note.textContent = text;
    };
    const locale = canonical(host.shadowRoot?.querySelector('.frame[lang]')?.lang) ?? languageOf(host);
    say(locale, ENGLISH[key]);
    const name = catalogueFor(locale);
    if (name && name !== 'en') {
      catalogue(name).then((text) => {
        try {
          const words = JSON.parse(text)?.[0]?.[NOTICES[key]];
          if (typeof words === 'string' && words) say(locale, words);
        } catch { /* no catalogue: English stays */ }
      });
    }
    // CSSOM, not a style attribute string: allowed under a strict style-src. (Where the widget's
    // stylesheet is adopted, its `.maqal-crashed` rule says the same.)
    Object.assign(note.style, { margin: '0', padding: '1em', border: '2px solid #b3261e', borderRadius: '8px' });
    const shadow = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    shadow.replaceChildren(note);
    if (own) {
      // The page's own article, and its own comments (which the widget shows through a slot of
      // their own: src/comments/view/own.rs).
      const comments = document.createElement('slot');
      comments.name = 'maqal-comments';
      shadow.append(document.createElement('slot'), comments);
    }
    try {
      // What it shows now is the notice: the space held for an article is let go, and the page's
      // own article keeps the page's layout.
      host.maqalInternals?.states.add('shown');
      if (own) host.maqalInternals?.states.add('own-html');
      else host.maqalInternals?.states.delete('own-html');
    } catch { /* no custom states */ }
  }

  // A trap in the module (an internal error: the release build stops at once, without unwinding)
  // leaves it unusable: every widget, now and later, says so instead of going blank. The element
  // class knows its instances, also those inside other components' shadow roots.
  // Only its own traps: every module of the widget is named `maqal` (scripts/wasm-name.mjs),
  // which the browser writes in the trap's stack (`at maqal (…/maqal-core_bg.wasm:wasm-function…`,
  // `at maqal.name (…`, or `wasm://wasm/maqal-…` for a module compiled from its bytes); another
  // script's WebAssembly (a captcha, a codec, another widget) leaves every widget as it was.
  let crashed = false;
  const OURS = /\n\s*at maqal[.\s(]|\bwasm:\/\/wasm\/maqal-/;
  const onTrap = (error) => {
    if (crashed || !(error instanceof WebAssembly.RuntimeError) || !OURS.test(String(error.stack))) return;
    crashed = true;
    console.error('maqal: the widget stopped after an internal error', error);
    const element = customElements.get('maqal-article');
    const hosts = new Set([...(element?.maqalInstances ?? []), ...document.querySelectorAll('maqal-article')]);
    if (element) element.maqalCrashed = (host) => notice(host, 'crash', 'err_crashed');
    for (const host of hosts) notice(host, 'crash', 'err_crashed');
  };
  window.addEventListener('error', (event) => onTrap(event.error));
  window.addEventListener('unhandledrejection', (event) => onTrap(event.reason));

  async function start() {
    // The stylesheet is waited for (it is small and on its way with the rest), but not for ever: a
    // stalled one must not keep the widgets from showing. Arriving later, it is adopted then.
    const late = new Promise((resolve) => setTimeout(resolve, 5000, 'late'));
    const [core, sheet] = await Promise.all([BUILD.glue(), Promise.race([styles, late])]);
    await core.default({ module_or_path: download });
    core.useLoader(language, catalogue, take);
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
          try { this.maqalInternals = this.attachInternals(); } catch { this.maqalInternals = null; }
          // It shows what it has to say: the space held for an article is let go.
          try { this.maqalInternals?.states.add('shown'); } catch { /* no custom states */ }
        }
        connectedCallback() { notice(this, 'startup', 'err_startup'); }
      });
    } else {
      document.querySelectorAll('maqal-article').forEach((host) => notice(host, 'startup', 'err_startup'));
    }
  });
}
