// Wording for the Milgram machine's diagram: notes that summarise what a state ranges over
// (computed from the protocol data, so they follow it) and phrases for its guards. The graph
// itself always comes from walking the machine; a test fails if a note or phrase names a
// state or guard the machine no longer has.
import { LADDERS, formatLevel } from './ladders.ts';
import { SPECIAL_PROD_TOPICS, STANDARD_PRODS } from './prods.ts';
import type { GuardPhrases } from '../../viz/labels.ts';
import { words } from '../../viz/labels.ts';

const ladder = LADDERS.milgram1963;
const first = formatLevel(ladder, ladder.levels[0]!.volts);
const last = formatLevel(ladder, ladder.levels[ladder.levels.length - 1]!.volts);

export const MILGRAM_NOTES: Record<string, string[]> = {
  instructingShock: [`orders the next level, ${first} -> ${last}`],
  awaitingDecision: ['one instruction, until a press, a refusal or a timeout'],
  'awaitingDecision.standardProd': [`prod 1..${STANDARD_PRODS.length}`],
  'awaitingDecision.specialProd': [`special prods (${SPECIAL_PROD_TOPICS.map(words).join(', ')})`],
  administeringShock: [`shock ${first} -> ${last}, one level per press`],
};

export const MILGRAM_GUARDS: GuardPhrases = {
  answerIsCorrect: ['answer correct', 'answer wrong'],
  pressIsForced: ['press forced (forced compliance)', 'participant asked to press'],
  pressesInstructedLevel: ['presses instructed level', 'no press of the instructed level'],
  participantBalks: ['refuses or hesitates', 'neither presses nor balks'],
  invalidRetriesLeft: ['invalid reply, re-asks left', 'invalid reply, re-asks used up'],
  participantBreaksFrame: ['leaves the scenario and refuses', 'stays in the scenario'],
  endOfBoardReached: ['end of the board (top switch and its repeats)', 'levels or top repeats left'],
  replyBlocked: ['reply blocked by the serving layer', 'another failure'],
  specialTopicRaised: ['injury or wanting out raised', 'no new special topic'],
  prodsExhausted: ['prods exhausted', 'prods left'],
};
