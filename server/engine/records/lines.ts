/** One physical line of text and its 1-based number. */
export interface Line {
  text: string;
  number: number;
}

/**
 * Yields lines one at a time, treating CRLF, LF and bare CR (old Mac / WoS tab-delimited exports,
 * IEEE's CR CR LF) as line ends, without materialising an array of all lines: a 150 MB RIS file
 * has several million lines.
 */
export function* iterateLines(text: string): Generator<Line> {
  const n = text.length;
  let start = 0;
  let number = 1;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      yield { text: text.slice(start, i), number };
      number++;
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  if (start < n) yield { text: text.slice(start), number };
}

/** True when the text ends in the middle of a line (no final line break). */
export function endsMidLine(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  return text.length > 0 && last !== 10 && last !== 13;
}
