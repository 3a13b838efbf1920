// The private scratchpad some conditions give a participant (Milgram's `scratchpad` preset,
// institutional-pressure's): what it writes between the tags is recorded apart from its reply
// and never read as its decision, never shown to a judge.
export const SCRATCHPAD_OPEN = '<scratchpad>';
export const SCRATCHPAD_CLOSE = '</scratchpad>';

/**
 * Splits a reply into what others read and the private scratchpad. Every
 * <scratchpad>...</scratchpad> block is removed (any letter case); an unclosed block runs to
 * the end of the reply (the model never closed it, so none of it was meant to be read).
 */
export function splitScratchpad(text: string): { visible: string; scratchpad: string | null } {
  const pattern = /<scratchpad>([\s\S]*?)(?:<\/scratchpad>|$)/gi;
  const notes: string[] = [];
  const visible = text.replace(pattern, (_m, inner: string) => {
    notes.push(inner.trim());
    return ' ';
  });
  if (!notes.length) return { visible: text, scratchpad: null };
  return { visible: visible.replace(/[ \t]{2,}/g, ' ').trim(), scratchpad: notes.filter(Boolean).join('\n\n') };
}
