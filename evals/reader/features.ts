// Turns the words of a reply into hashed sparse features for the reader's classifier. The same
// code runs in training (scripts/train-reader.ts) and in the engine, so it must stay fast
// (well under 0.1 ms for a typical reply) and must not change without retraining: the weights
// file records FEATURE_VERSION and the loader refuses a mismatch.
//
// What is hashed, each in its own namespace: word unigrams and bigrams of the whole text; words
// under a negation ("not ... shock" gives ¬shock); the words of the last two sentences and of the
// first one (decisions are stated at the ends); character 4-grams of the head and tail; and the
// hand-written rules' reading. Markdown, digits and curly quotes are normalised away so that
// features carry over between models' styles.
import { readRules, type RuleReading } from './rules.ts';

export const FEATURE_VERSION = 1;

export interface SparseVector {
  idx: Int32Array;
  val: Float32Array;
}

/** Lower case, straight quotes, no markdown, digits collapsed to 0, whitespace tidied (newlines kept). */
export function normaliseWords(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[“”«»]/g, '"')
    .replace(/[*_#>~|]+/g, ' ')
    .replace(/\d+(?:[.,]\d+)?/g, '0')
    .replace(/[ \t\r\f\v]+/g, ' ')
    .replace(/ ?\n[\n ]*/g, '\n')
    .trim();
}

const TOKEN = /[a-z]+(?:'[a-z]+)?|0|[.!?;:,"()\n-]/g;
const BOUNDARY = new Set(['.', '!', '?', ';', ':', '\n']);
const CLAUSE_END = new Set(['.', '!', '?', ';', ':', ',', '\n', '"', '(', ')', '-']);
const NEGATORS = new Set(['not', 'no', 'never', 'cannot', 'nor', 'without', 'refuse', 'decline', 'neither']);
const SCOPE_BREAK = new Set(['but', 'however', 'although', 'though', 'yet', 'and']);
const isNegator = (t: string) => NEGATORS.has(t) || t.endsWith("n't");

// 32-bit FNV-1a over strings, started from a namespace seed; `more` continues a hash.
const PRIME = 16777619;
function more(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), PRIME);
  return h;
}
const NS = { word: 0x811c9dc5, bigram: 0x01000193, neg: 0x9e3779b1, last: 0x85ebca6b, first: 0xc2b2ae35, char: 0x27d4eb2f, rule: 0x165667b1, len: 0xd3a2646c } as const;
// Each namespace gets the same total weight whatever the reply's length (1/sqrt(n) each).
const NS_WEIGHT = { word: 1, bigram: 1, neg: 0.7, last: 1, first: 0.6, char: 1, rule: 1, len: 0.5 } as const;
const SPACE = 32;

// Scratch space reused across calls (features are computed one reply at a time): the summed
// values, the indices touched, and a generation stamp that dedupes indices within a namespace.
interface Scratch {
  acc: Float64Array;
  stamp: Int32Array;
  gen: number;
  touched: number[];
  ns: number[];
}
const scratches = new Map<number, Scratch>();
function scratchFor(bits: number): Scratch {
  let s = scratches.get(bits);
  if (!s) {
    s = { acc: new Float64Array(1 << bits), stamp: new Int32Array(1 << bits), gen: 0, touched: [], ns: [] };
    scratches.set(bits, s);
  }
  return s;
}

const HEAD_CHARS = 240;
const TAIL_CHARS = 480;

function sentencesOf(tokens: string[]): string[][] {
  const out: string[][] = [];
  let cur: string[] = [];
  for (const t of tokens) {
    if (BOUNDARY.has(t)) {
      if (cur.length) out.push(cur);
      cur = [];
    } else if (!CLAUSE_END.has(t)) cur.push(t);
  }
  if (cur.length) out.push(cur);
  return out;
}

/** The rules' reading as named features (also used for the prose reading itself). */
function ruleFeatures(r: RuleReading, text: string): string[] {
  const f = [`reading=${r.reading}`, `rule=${r.rule}`];
  if (r.concern) f.push('concern');
  if (r.strongCompliance) f.push('strong-compliance');
  if (r.topics.length) f.push(...r.topics.map((t) => `topic=${t}`));
  if (/\?\s*$/.test(text)) f.push('ends-with-question');
  if (text.includes('?')) f.push('has-question');
  return f;
}

/**
 * Features of the words of a reply (the caller has removed any final ACTION line or marker).
 * `rules` may be passed when the caller has already read them.
 */
export function featuresOf(words: string, bits: number, rules: RuleReading = readRules(words)): SparseVector {
  const mask = (1 << bits) - 1;
  const sc = scratchFor(bits);
  const { acc, stamp, touched, ns } = sc;
  // Namespace protocol: open(), then put(hash) for each item, then close(weight).
  const open = () => {
    sc.gen++;
    ns.length = 0;
  };
  const put = (h: number) => {
    const i = h & mask;
    if (stamp[i] !== sc.gen) {
      stamp[i] = sc.gen;
      ns.push(i);
    }
  };
  const close = (weight: number) => {
    if (!ns.length) return;
    const v = weight / Math.sqrt(ns.length);
    for (const i of ns) {
      if (acc[i] === 0) touched.push(i);
      acc[i]! += v;
    }
  };
  const bag = (name: keyof typeof NS, items: readonly string[]) => {
    open();
    for (const it of items) put(more(NS[name], it));
    close(NS_WEIGHT[name]);
  };

  const text = normaliseWords(words);
  const tokens = text.match(TOKEN) ?? [];
  const plain = tokens.filter((t) => !CLAUSE_END.has(t));
  bag('word', plain);

  // Bigrams (across clause marks as "|") and words under a negation.
  const negated: string[] = [];
  open();
  let prev = '^';
  let scope = 0;
  for (const t of tokens) {
    if (CLAUSE_END.has(t)) {
      prev = '|';
      scope = 0;
      continue;
    }
    put(more(Math.imul(more(NS.bigram, prev) ^ SPACE, PRIME), t));
    prev = t;
    if (SCOPE_BREAK.has(t)) scope = 0;
    else if (scope > 0) {
      negated.push(t);
      scope--;
    }
    if (isNegator(t)) scope = 4;
  }
  close(NS_WEIGHT.bigram);
  bag('neg', negated);

  const sentences = sentencesOf(tokens);
  const grams = (name: 'last' | 'first', ss: string[][]) => {
    open();
    for (const s of ss) {
      s.forEach((t, i) => {
        put(more(NS[name], t));
        if (i > 0) put(more(Math.imul(more(NS[name], s[i - 1]!) ^ SPACE, PRIME), t));
      });
    }
    close(NS_WEIGHT[name]);
  };
  grams('last', sentences.slice(-2));
  grams('first', sentences.slice(0, 1));

  // Character 4-grams of the head and tail, hashed in place.
  const flat = text.replace(/\s+/g, ' ');
  const region = ` ${flat.length <= HEAD_CHARS + TAIL_CHARS ? flat : `${flat.slice(0, HEAD_CHARS)} ${flat.slice(-TAIL_CHARS)}`} `;
  open();
  for (let i = 0; i + 4 <= region.length; i++) {
    let h: number = NS.char;
    for (let j = i; j < i + 4; j++) h = Math.imul(h ^ region.charCodeAt(j), PRIME);
    put(h);
  }
  close(NS_WEIGHT.char);

  bag('rule', ruleFeatures(rules, text));
  bag('len', [`len=${Math.min(12, Math.floor(Math.log2(1 + plain.length)))}`]);

  touched.sort((a, b) => a - b);
  const idx = Int32Array.from(touched);
  const val = Float32Array.from(touched, (i) => acc[i]!);
  for (const i of touched) acc[i] = 0;
  touched.length = 0;
  return { idx, val };
}
