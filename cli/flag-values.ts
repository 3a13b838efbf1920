// Parsers for numeric flag values. They throw commander's InvalidArgumentError, so a bad value
// ends the command with one line naming the flag (cli/milgram.ts), before any work starts.
import { InvalidArgumentError } from 'commander';

/** Any finite number (ranges are checked with the rest of the config). */
export const decimal = (name: string) => (value: string) => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`${name} must be a number, got "${value}"`);
  return n;
};

/** A whole-number flag value in [min, max]; anything else is refused naming the flag. */
export const wholeNumber = (name: string, min = 0, max = Number.MAX_SAFE_INTEGER) => (value: string) => {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    throw new InvalidArgumentError(`${name} must be a whole number ${range}, got "${value}"`);
  }
  return n;
};
