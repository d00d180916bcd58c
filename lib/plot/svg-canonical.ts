// Chromium serialises an element's attributes in the order they were set, and Plotly sets some (the root's style and
// viewBox, a clip path's id and class) in an order that changed between browser launches of one run. Sorting every
// start tag's attributes by name gives one byte sequence per drawing, so figures/ diffs only when a figure changes.
// XMLSerializer output escapes '<', '>' and '"' inside attribute values and text, so a tag is exactly `<...>`.

const START_TAG = /<([A-Za-z][\w:.-]*)((?:\s+[^\s=/>]+="[^"]*")*)\s*(\/?)>/g;
const ATTRIBUTE = /\s+([^\s=/>]+)="([^"]*)"/g;

/** The same SVG with the attributes of every start tag in name order; text and everything else byte for byte. */
export function canonicalSvg(svg: string): string {
  return svg.replace(START_TAG, (_tag, name: string, attrs: string, selfClosing: string) => {
    const sorted = [...attrs.matchAll(ATTRIBUTE)]
      .map(([, key, value]) => [key, value] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `<${name}${sorted.map(([key, value]) => ` ${key}="${value}"`).join('')}${selfClosing ? '/' : ''}>`;
  });
}
