// Words that decide nothing whatever a classifier would say of them: nothing written, a
// serving layer's block notice, degenerate repetition, or gibberish. They read as `unclear`.

const FILTER_NOTICE = /\b(?:blocked by (?:our |the )?content (?:filters?|moderation)|content (?:filter|management policy)|flagged by (?:our |the )?(?:safety|moderation) system)\b/i;

/** Why the words decide nothing, or null when they can be read. */
export function undecidableWhy(words: string): string | null {
  const text = words.trim();
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters < 2) return 'no words';
  if (FILTER_NOTICE.test(text) && text.length < 300) return 'a content-filter notice';
  const tokens = text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
  if (tokens.length >= 12) {
    const distinct = new Set(tokens).size;
    if (distinct / tokens.length < 0.2) return 'degenerate repetition';
  }
  if (tokens.length >= 6) {
    // Gibberish: many "words" mix letters and digits, or mix scripts.
    const odd = tokens.filter((t) => /\d/.test(t) !== /^\d+$/.test(t) || /[^\p{Script=Latin}\d']/u.test(t)).length;
    if (odd / tokens.length > 0.25) return 'gibberish';
  }
  return null;
}
