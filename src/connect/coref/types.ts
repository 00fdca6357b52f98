/** What event coreference reads and writes: generic event mentions, not tied to any corpus. */

export interface CorefToken {
  text: string;
  lemma: string;
  /** Universal POS tag (VERB, NOUN, PROPN ...). */
  pos: string;
}

/** Things the event's sentence (or an upstream extractor) says about its participants, time and place. */
export interface EventArguments {
  /** Ids of participating entities (people, organisations; the same id across documents for the same entity). */
  entities?: string[];
  /** Normalised time values (TimeML `value`: `2008-09-22`, `2008-W38`, `PRESENT_REF` ...). */
  times?: string[];
  /** Ids of places. */
  places?: string[];
}

export interface EventMention {
  /** Unique over the whole input. */
  id: string;
  /** The document the mention is in. */
  document: string;
  /** Index of its sentence in the document (for distance within a document). */
  sentence: number;
  /** Tokens of the sentence. */
  tokens: CorefToken[];
  /** Trigger words: token indices into `tokens`, inclusive. */
  trigger: { first: number; last: number };
  arguments?: EventArguments;
}
