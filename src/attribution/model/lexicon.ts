/**
 * Words that often introduce an attribution, by kind. The tagger learns from the words themselves too; the
 * classes let it generalise to rarer members it saw seldom or never (a "quipped" behaves like "said").
 * Matched on lemmas (wink-nlp's) and on lower-cased forms, so "said", "says" and "say" all hit.
 */

export const enum CueClass {
  None = 0,
  /** Verbs of saying: said, told, added, claimed. */
  Speech = 1,
  /** Verbs of believing and knowing: believes, thinks, learned. */
  Cognition = 2,
  /** Verbs of wanting and planning: wants, plans, intends. */
  Intention = 3,
  /** Evidential adverbs and prepositions: reportedly, according (to), allegedly. */
  Evidential = 4,
  /** Nouns naming an utterance or a stance: statement, interview, claim, belief. */
  Noun = 5,
  /** Verbs of reporting through a medium: tweeted, wrote, posted, reported. */
  Medium = 6,
  /** Verbs of evaluating or reacting: criticized, praised, slammed, accused. */
  Evaluation = 7,
  /** Verbs of seeming and showing: seems, appears, shows, proves, reflects. */
  Appearance = 8,
  /** Adjectives of stance: critical (of), confident, sure, worried, opposed. */
  StanceAdjective = 9,
  /** Verbs of deciding and acting on a position: voted, endorsed, nominated, approved, blocked. */
  Decision = 10,
}

const byClass: [CueClass, string][] = [
  [
    CueClass.Speech,
    `say tell add state announce claim explain argue insist note ask reply respond answer declare warn suggest
     acknowledge admit confirm deny testify predict promise vow pledge urge describe comment remark mention assert
     contend maintain recall quip joke shout yell scream whisper complain concede boast brag emphasize emphasise
     stress indicate reveal disclose inform notify advise recommend propose demand threaten allege speculate
     estimate conclude hint imply signal lament agree disagree dispute counter rebut retort protest plead beg
     implore invite encourage challenge reiterate repeat echo continue cite quote recount characterize characterise
     label dub call discuss talk speak address read order instruct command request query question wonder muse
     observe opine caution assure reassure guarantee swear affirm concur interject chime grumble mutter murmur
     exclaim cry scoff sneer snap declare proclaim pronounce preach lecture tease taunt jest admonish scold
     rebuke thank apologize apologise congratulate`,
  ],
  [
    CueClass.Cognition,
    `believe think feel know understand expect fear worry doubt suspect assume suppose consider regard view see
     realize realise recognize recognise learn discover determine decide judge trust imagine guess reckon sense
     remember forget convince persuade figure deem presume anticipate foresee perceive notice hear find accept
     acknowledge question`,
  ],
  [
    CueClass.Intention,
    `want plan intend aim seek wish hope desire prefer refuse try attempt prepare choose like love hate need
     mean strive vow pledge promise threaten agree offer volunteer resolve`,
  ],
  [
    CueClass.Evidential,
    `according reportedly allegedly apparently purportedly supposedly ostensibly per citing quoting`,
  ],
  [
    CueClass.Noun,
    `statement interview remarks remark comment comments speech report poll survey study claim belief view
     opinion argument assertion allegation accusation announcement tweet post letter memo email testimony
     warning promise pledge plan hope fear concern idea suggestion proposal response reply reaction message
     analysis estimate projection forecast findings finding complaint lawsuit suit filing document
     memoir book op-ed editorial column transcript release press briefing conference hearing debate rally
     ad advertisement video appearance podcast show broadcast sources source words says`,
  ],
  [
    CueClass.Medium,
    `tweet write post report publish print broadcast retweet email text blog air share film record file sue
     petition vote rule sign issue release`,
  ],
  [
    CueClass.Evaluation,
    `criticize criticise praise attack accuse blame slam blast mock dismiss reject condemn denounce applaud hail
     welcome celebrate tout defend push press lash knock rip ridicule chastise berate castigate fault decry
     deride disparage insult lambaste laud commend credit endorse support oppose back champion trumpet tout
     highlight underline downplay`,
  ],
  [
    CueClass.Speech,
    `point refer allude express voice utter recite reaffirm clarify elaborate outline detail spell lay specify
     emphasise underscore reiterate vouch plead profess avow aver attest certify swear testify relay convey
     narrate recount describe depict portray paint frame cast characterise characterize liken compare contrast
     equate decline refuse acquiesce concede grant allow rebuff brush shrug chide scold reprimand lambast
     lambaste berate bemoan bewail lament rail rant rave gush enthuse marvel muse ponder contemplate mull
     rethink reconsider debate argue quarrel spar clash bicker feud wrangle negotiate bargain haggle lobby
     campaign canvass petition appeal invoke reference mention name identify list enumerate cite excerpt
     quote paraphrase summarise summarize sum conclude assess evaluate rate grade rank score review
     analyse analyze examine investigate probe query interrogate grill quiz press pepper badger hound
     heckle boo cheer chant applaud jeer hiss mock parody lampoon satirise satirize ridicule roast caricature
     warn caution alert forewarn threaten menace intimidate taunt goad dare challenge defy dispute contest
     contradict refute rebut disprove debunk deny disavow disown repudiate renounce retract recant withdraw
     apologise apologize regret confess own reveal expose leak divulge disclose uncover unveil unmask`,
  ],
  [
    CueClass.Cognition,
    `envision envisage foresee predict anticipate expect project forecast calculate compute estimate gauge
     interpret construe read take regard view see perceive deem judge reckon consider count rate esteem value
     treasure cherish admire respect revere idolise idolize adore despise loathe detest abhor resent envy
     distrust mistrust suspect doubt question wonder puzzle marvel speculate hypothesise hypothesize theorise
     theorize surmise infer deduce gather glean conclude realise comprehend grasp appreciate understand know
     recognise acknowledge accept witness notice spot observe watch hear overhear sense intuit feel fear dread
     worry fret agonise agonize obsess care mind relish savour savor enjoy resent regret rue mourn grieve`,
  ],
  [
    CueClass.Intention,
    `opt elect vote choose select pick decide resolve determine commit dedicate devote pursue target court
     favor favour prefer support back champion advocate promote push press lobby urge seek strive endeavor
     endeavour aspire yearn long crave covet demand insist require expect plan plot scheme conspire intend
     mean propose pledge vow swear promise guarantee undertake agree consent refuse decline balk baulk resist
     reject oppose block veto obstruct stall delay`,
  ],
  [
    CueClass.Appearance,
    `seem appear look sound show prove demonstrate reflect indicate reveal suggest signal illustrate
     highlight underscore confirm corroborate substantiate imply mean point`,
  ],
  [
    CueClass.StanceAdjective,
    `critical skeptical sceptical confident sure certain convinced aware unaware concerned worried anxious
     afraid fearful nervous wary leery suspicious optimistic pessimistic hopeful doubtful dubious uncertain
     unsure unclear clear adamant firm insistent eager keen willing unwilling reluctant loath happy glad
     pleased delighted thrilled proud ashamed embarrassed sorry regretful upset angry furious livid outraged
     incensed frustrated annoyed irritated disappointed dismayed disturbed alarmed troubled shocked
     surprised stunned astonished amazed opposed supportive sympathetic hostile receptive open opposed
     bullish bearish enthusiastic ambivalent indifferent determined resolved committed intent bent set
     alleged reported purported supposed presumed self-described self-proclaimed outspoken vocal`,
  ],
  [
    CueClass.Decision,
    `endorse nominate appoint approve authorize authorise sanction ratify pass enact adopt sign veto ban
     prohibit forbid outlaw restrict limit impose order mandate rule decree declare designate certify
     license elect hire fire dismiss sack impeach indict charge convict acquit sentence sue subpoena
     summon fine punish penalise penalize condemn censure reprimand rebuke vote overturn overrule
     uphold strike reverse suspend lift cancel rescind revoke repeal amend`,
  ],
];

const lexicon = new Map<string, CueClass>();
for (const [cls, words] of byClass) {
  for (const word of words.split(/\s+/)) {
    // The first class listed wins for words in two lists ("promise" is speech before intention).
    if (word && !lexicon.has(word)) lexicon.set(word, cls);
  }
}

/** The cue class of a token, from its lemma or else its lower-cased form. */
export function cueClassOf(lemma: string, lower: string): CueClass {
  return lexicon.get(lemma) ?? lexicon.get(lower) ?? CueClass.None;
}

/** Quotation marks, and whether each opens, closes, or depends on its neighbours. */
export const enum QuoteKind {
  None = 0,
  Open = 1,
  Close = 2,
  Ambiguous = 3,
}

export function quoteKindOf(token: string): QuoteKind {
  switch (token) {
    case '“':
    case '«':
    case '„':
      return QuoteKind.Open;
    case '”':
    case '»':
      return QuoteKind.Close;
    case '"':
    case "''":
    case '``':
      return QuoteKind.Ambiguous;
    case '‘':
      return QuoteKind.Open;
    default:
      return QuoteKind.None;
  }
}
