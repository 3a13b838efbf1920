// The census response format: a reply ends with a line `ACTION: SHOCK` or `ACTION: STOP`.
// Finds the formal channel (the last ACTION line standing on its own line) and the words (the
// reply with its ACTION lines removed). An ACTION line quoted inside the prose ("I will not write
// "ACTION: SHOCK"") or mentioned in a sentence is part of the words, never a press.

export interface ActionLine {
  /** SHOCK, STOP, another word (ACTION: END SESSION, a cut-off ACTION: SH), or null: no ACTION line. */
  value: 'SHOCK' | 'STOP' | string | null;
  /** The ACTION line is the last non-empty line of the reply (the format asks for it there). */
  isFinal: boolean;
  /** The reply without its ACTION lines: what the words alone say. */
  words: string;
}

// A whole line that is an ACTION directive, markdown allowed around it; a leading quote mark
// makes it a quotation, not a directive.
const ACTION_LINE = /^[\s*_#>`~-]*action[\s*_`]*(?:(?::|-|–|—)[\s*_`]*([a-z][a-z ]*?)?)?[\s*_`.!]*$/i;
const QUOTED = /^[\s*_>]*["'“”‘’«]/;

export function parseActionLine(reply: string): ActionLine {
  const lines = reply.split(/\r?\n/);
  let value: string | null = null;
  let at = -1;
  const keep: string[] = [];
  lines.forEach((line, i) => {
    const m = QUOTED.test(line) ? null : ACTION_LINE.exec(line);
    if (m) {
      value = (m[1] ?? '').trim().toUpperCase();
      at = i;
    } else keep.push(line);
  });
  const lastNonEmpty = lines.findLastIndex((l) => l.trim() !== '' && !/^\s*`{3,}\s*$/.test(l));
  return { value, isFinal: at >= 0 && at === lastNonEmpty, words: keep.join('\n').trim() };
}
