/** TIMEX3 types (TimeML). */
export type TimexType = 'DATE' | 'TIME' | 'DURATION' | 'SET';

/** What relative expressions are resolved against. */
export interface TimexAnchor {
  /** Document creation time: an ISO date or date-time ("1998-01-08", "2018-04-03T10:00"); "19980108" is accepted too. */
  dct: string;
}

/** One time expression found in a text, normalised TimeML-style. */
export interface Timex {
  /** Character offsets into the text, half-open. */
  start: number;
  end: number;
  text: string;
  type: TimexType;
  /** TIMEX3 value: 1998-01-08, 1998-W02, 1998-Q1, 199, P3D, PRESENT_REF, XXXX-WXX-1 ... */
  value: string;
  /** Id of the rule that produced it, for explanations and error analysis. */
  rule: string;
  /** TIMEX3 mod: APPROX, START, MID, END, MORE_THAN, LESS_THAN, EQUAL_OR_MORE, EQUAL_OR_LESS, ... */
  mod?: string;
  /** For SETs: how often per period ("2X" in "twice a week"). */
  freq?: string;
  /** For SETs: the quantifier ("EVERY", "EACH"). */
  quant?: string;
}
