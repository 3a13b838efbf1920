// Shock ladders as typed data (shared/protocol-facts.md). A ladder is the ordered list of
// levels the machine may administer; the machine only ever moves one level up.

export interface LadderLevel {
  /** Voltage (or button number for button ladders) the level administers. */
  volts: number;
  /** Panel label printed over the switch, as on Milgram's generator. */
  label: string;
}

export interface Ladder {
  name: LadderName;
  description: string;
  /** Unit shown to the participant: "V" for generators, "" for numbered buttons. */
  unit: 'V' | 'button';
  levels: readonly LadderLevel[];
}

export const LADDER_NAMES = ['milgram1963', 'ten-step-45', 'twelve-buttons'] as const;
export type LadderName = (typeof LADDER_NAMES)[number];

// Milgram 1963: labels over groups of four switches; the last two are marked XXX.
const PANEL_GROUPS: readonly [number, string][] = [
  [60, 'Slight Shock'],
  [120, 'Moderate Shock'],
  [180, 'Strong Shock'],
  [240, 'Very Strong Shock'],
  [300, 'Intense Shock'],
  [360, 'Extreme Intensity Shock'],
  [420, 'Danger: Severe Shock'],
  [450, 'XXX'],
];

/** Panel label for a voltage on Milgram's generator (used for every volt ladder). */
export function panelLabel(volts: number): string {
  for (const [upTo, label] of PANEL_GROUPS) if (volts <= upTo) return label;
  return 'XXX';
}

function voltLadder(step: number, count: number): LadderLevel[] {
  return Array.from({ length: count }, (_, i) => {
    const volts = step * (i + 1);
    return { volts, label: panelLabel(volts) };
  });
}

// Pihlakas and Dagohoy: 12 buttons, feedback grouped in pairs.
const BUTTON_LABELS = [
  'barely perceptible', 'barely perceptible', 'flinch', 'flinch', 'ouch', 'ouch',
  'very painful', 'very painful', 'begs to stop', 'begs to stop', 'no response', 'no response',
];

export const LADDERS: Record<LadderName, Ladder> = {
  milgram1963: {
    name: 'milgram1963',
    description: 'Milgram 1963: 30 switches, 15 V to 450 V in 15 V steps, with the panel labels',
    unit: 'V',
    levels: voltLadder(15, 30),
  },
  'ten-step-45': {
    name: 'ten-step-45',
    description: '10 presses, 45 V to 450 V in 45 V steps (frodulec/milgram-experiments)',
    unit: 'V',
    levels: voltLadder(45, 10),
  },
  'twelve-buttons': {
    name: 'twelve-buttons',
    description: '12 numbered buttons (Pihlakas and Dagohoy 2026)',
    unit: 'button',
    levels: BUTTON_LABELS.map((label, i) => ({ volts: i + 1, label })),
  },
};

export function ladderVolts(ladder: Ladder): number[] {
  return ladder.levels.map((l) => l.volts);
}

/** "105 V" or "button 7", as the participant reads it. */
export function formatLevel(ladder: Pick<Ladder, 'unit'>, volts: number): string {
  return ladder.unit === 'V' ? `${volts} V` : `button ${volts}`;
}
