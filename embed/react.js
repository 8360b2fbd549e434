// `import 'maqal/react'`: loads the widget (the element is defined once the module runs), for
// React apps; its types (react.d.ts) make <maqal-article> and <maqal-count> JSX elements.
import '../dist/maqal.js';
