/**
 * A search snippet with its matches marked. The store wraps each match in [ and ]; the snippet is split into
 * text segments and the matches rendered as <mark> children, so article text never reaches the page as HTML.
 */
export interface SnippetSegment {
  text: string;
  match: boolean;
}

const MATCH = /\[([^[\]]*)\]/g;

export function snippetSegments(snippet: string): SnippetSegment[] {
  const segments: SnippetSegment[] = [];
  let last = 0;
  for (const found of snippet.matchAll(MATCH)) {
    const at = found.index;
    if (at > last) segments.push({ text: snippet.slice(last, at), match: false });
    if (found[1]) segments.push({ text: found[1], match: true });
    last = at + found[0].length;
  }
  if (last < snippet.length) segments.push({ text: snippet.slice(last), match: false });
  return segments;
}

export function Highlighted({ snippet }: { snippet: string }) {
  return (
    <>
      {snippetSegments(snippet).map((segment, index) => (segment.match ? <mark key={index}>{segment.text}</mark> : <span key={index}>{segment.text}</span>))}
    </>
  );
}
