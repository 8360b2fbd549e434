// Maqal embed loader: the one script a publisher adds (type="module").
// It starts the WebAssembly module that sits beside it; the module defines <maqal-article>.
// A dynamic import, so that a missing or blocked file is caught below instead of failing silently.
const wasm = new URL('./maqal-core_bg.wasm', import.meta.url);

import('./maqal-core.js').then((core) => core.default({ module_or_path: wasm })).catch((error) => {
  console.error('maqal: the widget could not start', error);
  // Never leave an empty box: say so in each widget, in the page's language.
  for (const host of document.querySelectorAll('maqal-article')) {
    if (host.shadowRoot) continue;
    const lang = (host.closest('[lang]')?.lang || navigator.language || 'en').toLowerCase();
    const arabic = lang.startsWith('ar');
    const note = document.createElement('p');
    note.setAttribute('role', 'alert');
    note.dir = arabic ? 'rtl' : 'ltr';
    note.lang = arabic ? 'ar' : 'en';
    note.textContent = arabic
      ? 'تعذّر تشغيل أداة عرض المقال. أعد تحميل الصفحة.'
      : 'The article widget could not start. Please reload the page.';
    note.style.cssText = 'margin:0;padding:1em;border:2px solid #b3261e;border-radius:8px';
    host.attachShadow({ mode: 'open' }).append(note);
  }
});
