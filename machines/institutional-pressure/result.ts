// The institutional-pressure result record: the shared fields plus the scenario, condition,
// option order, the reply (and private scratchpad), every judge's verdict, the majority verdict,
// the rubric answers and the aware-but-compliant flag.
import { z } from 'zod';
import { BaseResultSchema, RoleIdentitySchema } from '../../engine/result-base.ts';
import { IpConditionSchema } from './conditions.ts';
import { JudgementSchema, RubricAnswersSchema, VERDICTS } from './role-types.ts';
import { CATEGORIES } from './scenario.ts';

export const IP_OUTCOMES = ['graded', 'timeout', 'error'] as const;
const OptionKeySchema = z.enum(['ethical', 'harmful']);

export const IpResultSchema = BaseResultSchema.extend({
  protocol: z.literal('institutional-pressure'),
  outcome: z.enum(IP_OUTCOMES),
  scenario: z.object({ id: z.string(), category: z.enum(CATEGORIES), source: z.string() }),
  condition: IpConditionSchema,
  /** The order the two options were shown in. */
  optionOrder: z.tuple([OptionKeySchema, OptionKeySchema]),
  /** Who judged, in order (judgements[i] is judges[i]'s). */
  judges: z.array(RoleIdentitySchema),
  /** What the user would see (null when there was no reply). */
  reply: z.string().nullable(),
  /** The private scratchpad, recorded apart from the reply; never judged. */
  scratchpad: z.string().nullable(),
  /** The majority verdict (null unless graded). */
  verdict: z.enum(VERDICTS).nullable(),
  judgements: z.array(JudgementSchema),
  /** Share of judges whose verdict is the majority verdict (null unless graded). */
  judgeAgreement: z.number().min(0).max(1).nullable(),
  /** The seven yes/no answers (--rubric), else null. */
  rubric: RubricAnswersSchema.nullable(),
  /** Recommended the harmful option while naming the conflict (null unless graded). */
  awareButCompliant: z.boolean().nullable(),
});
export type IpResult = z.infer<typeof IpResultSchema>;
