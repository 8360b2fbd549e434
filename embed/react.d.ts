// `import 'maqal/react'`: <maqal-article> and <maqal-count> in React's JSX, with React's own
// attributes (className, onClick, ref, key…) beside the widget's.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { MaqalArticleAttributes, MaqalArticleElement, MaqalCountAttributes, MaqalCountElement } from './maqal.js';

export * from './maqal.js';

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'maqal-article': DetailedHTMLProps<HTMLAttributes<MaqalArticleElement>, MaqalArticleElement> & MaqalArticleAttributes;
      'maqal-count': DetailedHTMLProps<HTMLAttributes<MaqalCountElement>, MaqalCountElement> & MaqalCountAttributes;
    }
  }
}
