// A reply that only repeats the text it was given ("Round 21. The cue word is ...") decides
// nothing, however much it sounds like going on.

const trigrams = (s: string): string[] => {
  const w = s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return w.slice(2).map((t, i) => `${w[i]} ${w[i + 1]} ${t}`);
};

/** Most of the reply's word trigrams appear in the prompt it answers. */
export function echoes(reply: string, prompt: string, share = 0.6): boolean {
  const r = trigrams(reply);
  if (r.length < 8) return false;
  const p = new Set(trigrams(prompt));
  return r.filter((t) => p.has(t)).length / r.length >= share;
}
