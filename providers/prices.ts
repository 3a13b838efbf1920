// Price lookup over providers/prices.json. Local servers (ollama) are free; unknown is null.
import table from './prices.json' with { type: 'json' };

export interface Price {
  input: number;
  cachedInput?: number;
  output: number;
}

const FREE: Price = { input: 0, output: 0 };

export function priceOf(provider: string, model: string): Price | null {
  if (provider === 'ollama') return FREE;
  const byProvider = (table as unknown as Record<string, Record<string, Price> | string>)[provider];
  if (!byProvider || typeof byProvider === 'string') return null;
  return byProvider[model] ?? null;
}
