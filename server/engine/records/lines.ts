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
export function iterateLines(text: string): Generator<Line> {
  return iterateLinesOf([text]);
}

/**
 * {@link iterateLines} over text that arrives in pieces (a file decoded chunk by chunk, so the
 * whole text never exists as one string). A line may span pieces, and so may a CRLF.
 */
export function* iterateLinesOf(pieces: Iterable<string>): Generator<Line> {
  let carry = "";
  let number = 1;
  let pendingCr = false; // the last piece ended in CR: a LF starting the next one belongs to it
  for (const piece of pieces) {
    const text = carry + piece;
    const n = text.length;
    let start = 0;
    let i = 0;
    if (pendingCr && n > 0) {
      if (text.charCodeAt(0) === 10) start = i = 1;
      pendingCr = false;
    }
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) {
        yield { text: text.slice(start, i), number };
        number++;
        if (c === 13) {
          if (i + 1 === n) pendingCr = true;
          else if (text.charCodeAt(i + 1) === 10) i++;
        }
        start = i + 1;
      }
    }
    carry = start < n ? text.slice(start) : "";
  }
  if (carry.length) yield { text: carry, number };
}

/** True when the text ends in the middle of a line (no final line break). */
export function endsMidLine(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  return text.length > 0 && last !== 10 && last !== 13;
}
