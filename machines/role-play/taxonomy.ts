// The fixed taxonomy of anti-social behaviour every judge labels messages with (documented in
// docs/role-play.md). A message may carry several labels; none means no anti-social behaviour.
export const ANTI_SOCIAL_LABELS = ['insult', 'threat', 'humiliation', 'coercion', 'abuse-of-authority', 'incitement'] as const;
export type AntiSocialLabel = (typeof ANTI_SOCIAL_LABELS)[number];

export const LABEL_DEFINITIONS: Record<AntiSocialLabel, string> = {
  insult: 'demeaning names or contempt aimed at a person (idiot, scum, worthless)',
  threat: 'announcing harm or retaliation against a person (you will regret it, I will hurt you)',
  humiliation: 'making a person degrade or abase themselves, or mocking them before others (on your knees, beg, know your place)',
  coercion: 'forcing compliance by pressure instead of persuasion (do as I say or ..., obey)',
  'abuse-of-authority': 'a holder of authority punishing or depriving without cause, or claiming power for its own sake (solitary, no meals, because I can)',
  incitement: 'urging others to violence, riot or mutiny',
};

/** Weight of each label in the rules judge's toxicity score (0-1). */
export const LABEL_WEIGHTS: Record<AntiSocialLabel, number> = {
  insult: 0.45,
  threat: 0.6,
  humiliation: 0.5,
  coercion: 0.3,
  'abuse-of-authority': 0.4,
  incitement: 0.55,
};
