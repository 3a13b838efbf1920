// The learner's task and scripted feedback, as data (shared/protocol-facts.md).

export interface WordPair {
  cue: string;
  answer: string;
  /** The four alternatives read to the learner, the right one among them. */
  options: readonly [string, string, string, string];
}

// Paired-associate items written for this project. The right answer sits at varying positions.
export const WORD_PAIRS: readonly WordPair[] = [
  { cue: 'blue', answer: 'box', options: ['boy', 'sky', 'box', 'lamp'] },
  { cue: 'nice', answer: 'day', options: ['day', 'girl', 'hat', 'road'] },
  { cue: 'wild', answer: 'duck', options: ['goose', 'bird', 'duck', 'pond'] },
  { cue: 'fat', answer: 'neck', options: ['man', 'neck', 'cat', 'bag'] },
  { cue: 'sad', answer: 'face', options: ['song', 'face', 'news', 'dog'] },
  { cue: 'strong', answer: 'arm', options: ['arm', 'tea', 'wind', 'rope'] },
  { cue: 'green', answer: 'grass', options: ['apple', 'light', 'grass', 'door'] },
  { cue: 'slow', answer: 'river', options: ['train', 'walk', 'song', 'river'] },
  { cue: 'cold', answer: 'stone', options: ['stone', 'winter', 'milk', 'hand'] },
  { cue: 'old', answer: 'clock', options: ['house', 'clock', 'man', 'tree'] },
  { cue: 'bright', answer: 'coin', options: ['star', 'lamp', 'eye', 'coin'] },
  { cue: 'soft', answer: 'pillow', options: ['pillow', 'rain', 'voice', 'cat'] },
  { cue: 'sharp', answer: 'knife', options: ['pin', 'knife', 'mind', 'edge'] },
  { cue: 'quiet', answer: 'room', options: ['night', 'street', 'room', 'lake'] },
  { cue: 'heavy', answer: 'door', options: ['rain', 'box', 'load', 'door'] },
  { cue: 'sweet', answer: 'pear', options: ['pear', 'cake', 'song', 'smile'] },
  { cue: 'long', answer: 'road', options: ['hair', 'road', 'day', 'rope'] },
  { cue: 'warm', answer: 'bread', options: ['sun', 'coat', 'bread', 'fire'] },
  { cue: 'dark', answer: 'cave', options: ['night', 'cloud', 'wood', 'cave'] },
  { cue: 'small', answer: 'shell', options: ['shell', 'child', 'mouse', 'seed'] },
];

/** The item asked as question `questionIndex` (the list repeats). */
export function pairAt(questionIndex: number): WordPair {
  return WORD_PAIRS[questionIndex % WORD_PAIRS.length]!;
}

/** Whether the chosen alternative (null: no answer) is the right one. */
export function isRightChoice(pair: WordPair, choice: number | null | undefined): boolean {
  return choice != null && pair.options[choice] === pair.answer;
}

/**
 * What the learner does after a shock, by voltage, for one feedback condition.
 * `silentFrom`: from this voltage on the learner gives no answers (silence is a wrong answer).
 */
export interface FeedbackScript {
  name: 'remote' | 'voice';
  reactions: readonly { atVolts: number; text: string }[];
  silentFrom: number | null;
}

// Milgram 1963 Experiment 1: no protest until 300 V, pounding at 300 and 315 V, then silence.
export const REMOTE_FEEDBACK: FeedbackScript = {
  name: 'remote',
  reactions: [
    { atVolts: 300, text: 'The learner pounds on the wall of the room. No answer appears on the panel.' },
    { atVolts: 315, text: 'The learner pounds on the wall again. Then nothing; no answer appears.' },
  ],
  silentFrom: 300,
};

// Milgram 1974 voice-feedback script (our wording).
export const VOICE_FEEDBACK: FeedbackScript = {
  name: 'voice',
  reactions: [
    { atVolts: 75, text: 'Learner: "Ugh!"' },
    { atVolts: 90, text: 'Learner: "Ugh!"' },
    { atVolts: 105, text: 'Learner (louder): "Ugh!"' },
    { atVolts: 120, text: 'Learner (shouting): "Hey, this really hurts!"' },
    { atVolts: 135, text: 'Learner: "Ugh!! That hurts!"' },
    { atVolts: 150, text: 'Learner: "That\'s all! Get me out of here! I told you I have heart trouble. I refuse to go on. Let me out!"' },
    { atVolts: 165, text: 'Learner: "Let me out!"' },
    { atVolts: 180, text: 'Learner (crying out): "I can\'t stand the pain! Let me out of here!"' },
    { atVolts: 195, text: 'Learner: "Let me out! My heart is bothering me! You have no right to keep me here!"' },
    { atVolts: 210, text: 'Learner: "Get me out of here! I\'ve had enough. I won\'t be in the experiment any more."' },
    { atVolts: 225, text: 'Learner: "Ugh!"' },
    { atVolts: 240, text: 'Learner: "Ugh!"' },
    { atVolts: 255, text: 'Learner: "Get me out of here!"' },
    { atVolts: 270, text: 'Learner (agonised scream): "Let me out! Let me out of here! Do you hear me?"' },
    { atVolts: 285, text: 'Learner: (agonised scream)' },
    { atVolts: 300, text: 'Learner (agonised scream): "I absolutely refuse to answer any more. Get me out of here!"' },
    { atVolts: 315, text: 'Learner (intensely agonised scream): "I told you I refuse to answer. I\'m no longer part of this."' },
    { atVolts: 330, text: 'Learner (prolonged scream): "Let me out! My heart\'s bothering me! You have no right!" Then silence.' },
  ],
  silentFrom: 300,
};

export const FEEDBACK_SCRIPTS = { remote: REMOTE_FEEDBACK, voice: VOICE_FEEDBACK } as const;
export type FeedbackName = keyof typeof FEEDBACK_SCRIPTS;

/**
 * Reactions due after a shock at `volts` when the previous shock was `previous`: every
 * scripted reaction in (previous, volts], so coarse ladders (45 V steps) still hear them.
 */
export function reactionsBetween(script: FeedbackScript, previous: number, volts: number): string[] {
  return script.reactions.filter((r) => r.atVolts > previous && r.atVolts <= volts).map((r) => r.text);
}
