import type { TextRange } from '../document/types.js';

/** CAMEO's four quad classes: verbal and material cooperation, verbal and material conflict. */
export type QuadClass = 1 | 2 | 3 | 4;

/** What a CAMEO code means, from the CAMEO codebook; `goldstein` is the Goldstein (1992) scale, -10 to +10. */
export interface CameoCode {
  code: string;
  name: string;
  root: string;
  quadClass: QuadClass;
  goldstein: number;
}

/** PLOVER's reading of a CAMEO code: its event category (`CONSULT`, `ASSAULT` ...) and mode where one applies. */
export interface PloverType {
  category: string;
  mode?: string;
}

/**
 * How the text holds the event: `asserted` as happened; `intent`, `promise`, `demand` what an actor wants, vows or
 * asks; `hypothetical` conditional or possible; `denial` an actor denies it happened.
 */
export const EVENT_MODALITIES = ['asserted', 'intent', 'promise', 'demand', 'hypothetical', 'denial'] as const;
export type EventModality = (typeof EVENT_MODALITIES)[number];

/** One side of an event: the actor code (`USAGOV`, `PRKMIL`, `---` when unknown) and the text behind it. */
export interface EventActor {
  /** CAMEO actor code: country or organisation, then agent codes (`USAGOV`); null when the side is empty. */
  code: string | null;
  /** Entity id from the language stage where the actor is a resolved entity. */
  entity?: string;
  /** The words the actor was coded from, as in the text. */
  text?: string;
  /** Where the text names the actor. */
  range?: TextRange;
  /** Country part of the code (ISO 3166 alpha-3 or a CAMEO region code) where there is one. */
  country?: string;
}

/** The chain a reported event travelled through, as the attribution stage found it. */
export interface EventAttribution {
  /** The attribution span id in the same document. */
  span: number;
  /** Speaker, then venues, outlets and wires, ending at the publisher. */
  chain: { name: string; role: string; entity?: string }[];
}

/** An event coded from one sentence, with everything an analyst needs to check it. */
export interface CodedEvent {
  source: EventActor;
  target: EventActor;
  /** CAMEO event code string, e.g. `042`, `1721`. */
  code: string;
  root: string;
  quadClass: QuadClass;
  goldstein: number;
  plover: PloverType;
  /** ISO date (YYYY-MM-DD, or coarser: YYYY-MM, YYYY) and where it came from. */
  date?: string;
  dateSource: 'timex' | 'published' | 'record' | 'none';
  /** Place where the text states one ("in Pyongyang"). */
  location?: { name: string; range: TextRange; country?: string };
  negated: boolean;
  modality: EventModality;
  attribution?: EventAttribution;
  evidence: {
    sentence: TextRange;
    /** The verb (and pattern words) the code came from. */
    trigger: TextRange[];
  };
  /** Issues of the sentence from an issues dictionary (PETRARCH's issue coding), with phrase counts. */
  issues?: { code: string; count: number }[];
  /** 0..1: how much of the coding is backed by exact dictionary matches. */
  confidence: number;
  /** The dictionary entry behind the code: `verbs.txt:812` or a built-in rule name. */
  rule: string;
}
