// `import 'maqal/react'` (types only): <maqal-article> and <maqal-count> in React's JSX.
import type { MaqalArticleAttributes, MaqalCountAttributes, MaqalJsxProps } from './maqal';

export * from './maqal';

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'maqal-article': MaqalJsxProps<MaqalArticleAttributes>;
      'maqal-count': MaqalJsxProps<MaqalCountAttributes>;
    }
  }
}
