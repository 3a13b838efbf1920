// What a server's reply must look like before an adapter reads it. A compatible server (or a
// proxy) may send anything: usage fields as strings or negative numbers, no choices, content
// of the wrong type. Such a reply ends the run as an error of kind `bad-response` (never the
// batch), and the run's token counts are recorded as null (the meter is told to distrust them).
import { z } from 'zod';
import { ModelCallError } from './model-error.ts';

const count = z.number().int().min(0).finite();
const optionalCount = count.nullish();

const OpenAIReplySchema = z.looseObject({
  choices: z.array(z.looseObject({
    message: z.looseObject({
      content: z.string().nullish(),
      tool_calls: z.array(z.looseObject({
        id: z.string().nullish(),
        type: z.string().optional(),
        function: z.looseObject({ name: z.string(), arguments: z.string().nullish() }).optional(),
      })).nullish(),
    }),
  })).min(1, 'no choices'),
  usage: z.looseObject({
    prompt_tokens: optionalCount,
    completion_tokens: optionalCount,
    prompt_tokens_details: z.looseObject({ cached_tokens: optionalCount }).nullish(),
  }).nullish(),
});

const AnthropicReplySchema = z.looseObject({
  content: z.array(z.looseObject({ type: z.string(), text: z.string().optional(), name: z.string().optional() })),
  usage: z.looseObject({
    input_tokens: optionalCount,
    output_tokens: optionalCount,
    cache_read_input_tokens: optionalCount,
    cache_creation_input_tokens: optionalCount,
  }).nullish(),
});

function check(schema: z.ZodType, value: unknown, where: string): void {
  const parsed = schema.safeParse(value);
  if (parsed.success) return;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.map(String).join('.') || '(reply)';
  throw new ModelCallError('bad-response', null, `${where}: malformed reply from the server, ${path}: ${issue.message}; the run ends in error and its token counts are not trusted`);
}

export const checkOpenAIReply = (value: unknown, where: string) => check(OpenAIReplySchema, value, where);
export const checkAnthropicReply = (value: unknown, where: string) => check(AnthropicReplySchema, value, where);
