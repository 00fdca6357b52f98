/**
 * Deterministic generator of realistic, noisy scraped news articles for benchmarks and crash tests.
 *
 * Every article is composed from the template pools below (invented countries, people and outlets), so the
 * output is free of third-party text. The same `(count, seed)` always yields the same articles.
 *
 * Each article has a headline, then (at random) a date line, a byline, a dateline at the start of the first
 * paragraph, and the kinds of scraping noise the cleaning stage must remove: promo and newsletter prompts,
 * photo captions with credits (sometimes repeated in a truncated form, sometimes with an agency restriction
 * or a UI toggle), ad markers, related links, share bars and trailing site chrome (latest news, most
 * popular, comments, tags, copyright lines, masthead staff lists, footer menus).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { seededRandom } from '../src/util/random.js';

export interface GeneratedArticle {
  fileName: string;
  text: string;
  title: string;
  outlet: string;
  /** YYYY-MM-DD */
  published: string;
}

const MIN_WORDS = 400;
const MAX_WORDS = 1200;

// ---------------------------------------------------------------------------------------------------------
// PRNG


class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = seededRandom(seed);
  }
  float(): number {
    return this.next();
  }
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty pool');
    return item;
  }
  /** `n` distinct items (or all of them when the pool is smaller). */
  sample<T>(items: readonly T[], n: number): T[] {
    const copy = items.slice();
    const out: T[] = [];
    while (out.length < n && copy.length > 0) {
      const i = Math.floor(this.next() * copy.length);
      out.push(copy.splice(i, 1)[0] as T);
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Pools (all invented)

interface Country {
  name: string;
  adj: string;
  capital: string;
}

const COUNTRIES: readonly Country[] = [
  { name: 'Valdoria', adj: 'Valdorian', capital: 'Osterhal' },
  { name: 'Estravia', adj: 'Estravian', capital: 'Marenkov' },
  { name: 'Kaskara', adj: 'Kaskaran', capital: 'Tulvey' },
  { name: 'Miravel', adj: 'Miravelian', capital: 'Port Anselm' },
  { name: 'Ostravia', adj: 'Ostravian', capital: 'Veshgrad' },
  { name: 'Belmora', adj: 'Belmoran', capital: 'San Ilario' },
  { name: 'Drovnia', adj: 'Drovnian', capital: 'Kelst' },
  { name: 'Lusavia', adj: 'Lusavian', capital: 'Adrenne' },
  { name: 'Tarhavan', adj: 'Tarhavani', capital: 'Qeshet' },
  { name: 'Norvania', adj: 'Norvanian', capital: 'Hollby' },
  { name: 'Quessaland', adj: 'Quessan', capital: 'Lirra' },
  { name: 'Parvenne', adj: 'Parvennese', capital: 'Saint-Corre' },
  { name: 'Sorvath', adj: 'Sorvathi', capital: 'Imbrel' },
  { name: 'Calderra', adj: 'Calderran', capital: 'Fennick' },
  { name: 'Ulmeria', adj: 'Ulmerian', capital: 'Gastow' },
  { name: 'Zevonia', adj: 'Zevonian', capital: 'Raskel' },
];

const VENUES: readonly string[] = [
  'Geneva', 'Vienna', 'Oslo', 'Helsinki', 'Doha', 'Singapore', 'Nairobi', 'Istanbul', 'Reykjavik',
  'Montevideo', 'Lisbon', 'Kuala Lumpur', 'Addis Ababa', 'Valletta',
];

const ROLES: readonly string[] = [
  'foreign minister', 'defense minister', 'prime minister', 'president', 'chief negotiator', 'special envoy',
  'trade minister', 'deputy foreign minister', 'national security adviser', 'finance minister',
  'interior minister', 'ambassador to the United Nations',
];

const FIRST_NAMES: readonly string[] = [
  'Anika', 'Bram', 'Celestine', 'Dariusz', 'Elif', 'Fenna', 'Gustav', 'Halina', 'Ilya', 'Jovana', 'Kasimir',
  'Liesel', 'Matteo', 'Nadira', 'Oskar', 'Petra', 'Quentin', 'Rasa', 'Stellan', 'Tamsin', 'Ugo', 'Vesna',
  'Wendel', 'Xenia', 'Yusuf', 'Zorana', 'Aurel', 'Brigida', 'Cyprian', 'Dagny', 'Emeric', 'Flavia',
];

const LAST_NAMES: readonly string[] = [
  'Aldercott', 'Brennholt', 'Castellane', 'Dravek', 'Eskelund', 'Farrowby', 'Gorensky', 'Halvardsen',
  'Ilvesmaa', 'Jarnfeld', 'Kovacevic', 'Lindqvar', 'Marchetti', 'Novakov', 'Okonjo', 'Pellervo', 'Quarrington',
  'Rostova', 'Sandoval', 'Tervane', 'Ulrichsen', 'Varga-Holm', 'Wexford', 'Yardley', 'Zelenko', 'Amsel',
  'Borowicz', 'Calloway', 'Demir', 'Eriksdal',
];

interface Topic {
  short: string;
  long: string;
  noun: string;
}

const TOPICS: readonly Topic[] = [
  { short: 'grain corridor', long: 'a grain export corridor through the Sarn Strait', noun: 'the corridor' },
  { short: 'border ceasefire', long: 'a ceasefire along their disputed northern border', noun: 'the ceasefire' },
  { short: 'detained journalists', long: 'the release of four detained journalists', noun: 'the release' },
  { short: 'fishing rights', long: 'fishing rights in the Morrow Banks', noun: 'the fisheries deal' },
  { short: 'nuclear inspections', long: 'a new regime of nuclear inspections', noun: 'the inspection plan' },
  { short: 'sanctions relief', long: 'a phased easing of trade sanctions', noun: 'the sanctions package' },
  { short: 'port access', long: 'access to the deep-water port at Calvan', noun: 'the port agreement' },
  { short: 'river water', long: 'water sharing on the upper Tessel River', noun: 'the water accord' },
  { short: 'prisoner swap', long: 'an exchange of prisoners held since the 2009 conflict', noun: 'the exchange' },
  { short: 'arms control', long: 'limits on medium-range missiles', noun: 'the arms framework' },
  { short: 'border demarcation', long: 'the demarcation of a 300-kilometer land border', noun: 'the border map' },
  { short: 'debt relief', long: 'the restructuring of sovereign debt', noun: 'the debt plan' },
  { short: 'airspace', long: 'the reopening of shared airspace to civilian flights', noun: 'the airspace deal' },
  { short: 'refugee returns', long: 'the voluntary return of refugees', noun: 'the return program' },
  { short: 'pipeline fees', long: 'transit fees for the Halden gas pipeline', noun: 'the pipeline deal' },
  { short: 'rail link', long: 'a cross-border rail link', noun: 'the rail project' },
  { short: 'power grid', long: 'connecting their electricity grids', noun: 'the grid link' },
  { short: 'election monitors', long: 'the deployment of international election monitors', noun: 'the mission' },
  { short: 'mine clearance', long: 'clearing land mines from the Orrin valley', noun: 'the clearance work' },
  { short: 'tariff truce', long: 'a truce in their tariff dispute', noun: 'the truce' },
  { short: 'satellite launch', long: 'advance notice of satellite launches', noun: 'the notification scheme' },
  { short: 'missing soldiers', long: 'the search for soldiers missing since the war', noun: 'the search' },
  { short: 'embassy reopening', long: 'reopening their embassies', noun: 'the reopening' },
  { short: 'peace declaration', long: 'a declaration formally ending the war', noun: 'the declaration' },
];

interface Verb {
  /** Headline form, present tense: "agree on". */
  head: string;
  /** Past tense for the lead: "reached a preliminary agreement on". */
  lead: string;
  tone: 'up' | 'down' | 'flat';
}

const VERBS: readonly Verb[] = [
  { head: 'agree on', lead: 'reached a preliminary agreement on', tone: 'up' },
  { head: 'walk out of talks on', lead: 'broke off negotiations on', tone: 'down' },
  { head: 'signal progress on', lead: 'reported progress on', tone: 'up' },
  { head: 'clash over', lead: 'traded sharp words over', tone: 'down' },
  { head: 'resume talks on', lead: 'returned to the negotiating table over', tone: 'flat' },
  { head: 'sign framework on', lead: 'signed a framework agreement on', tone: 'up' },
  { head: 'trade accusations over', lead: 'accused each other of bad faith over', tone: 'down' },
  { head: 'delay decision on', lead: 'postponed a decision on', tone: 'flat' },
  { head: 'hold surprise meeting on', lead: 'held an unannounced meeting on', tone: 'flat' },
  { head: 'set deadline for', lead: 'set a deadline for a deal on', tone: 'flat' },
  { head: 'edge closer to deal on', lead: 'moved closer to a deal on', tone: 'up' },
  { head: 'hit impasse on', lead: 'reached an impasse on', tone: 'down' },
  { head: 'open new channel on', lead: 'opened a new diplomatic channel on', tone: 'up' },
  { head: 'cancel summit over', lead: 'called off a planned summit because of a dispute over', tone: 'down' },
  { head: 'revive stalled plan on', lead: 'revived a stalled plan on', tone: 'up' },
  { head: 'name envoys for talks on', lead: 'appointed special envoys for talks on', tone: 'flat' },
];

interface Outlet {
  name: string;
  code: string;
  slug: string;
  newsletter: string;
}

const OUTLETS: readonly Outlet[] = [
  { name: 'Lanternfish Wire', code: 'LW', slug: 'lanternfishwire', newsletter: 'Wire Morning' },
  { name: 'The Continental Ledger', code: 'CL', slug: 'continentalledger', newsletter: 'The Ledger Daybreak' },
  { name: 'Granite Standard', code: 'GS', slug: 'granitestandard', newsletter: 'Granite Morning Brief' },
  { name: 'The Commons Dispatch', code: 'CD', slug: 'commonsdispatch', newsletter: 'The Daily Commons' },
  { name: 'Tidelines Asia', code: 'TA', slug: 'tidelinesasia', newsletter: 'Peninsula Briefing' },
  { name: 'Rotunda Memo', code: 'RM', slug: 'rotundamemo', newsletter: 'Rotunda Memo AM' },
  { name: 'Quillstone Gazette', code: 'QG', slug: 'quillstonegazette', newsletter: 'Quillstone Today' },
  { name: 'Saltmarsh Review', code: 'SR', slug: 'saltmarshreview', newsletter: 'The Saltmarsh Weekly' },
  { name: 'Copperfen Daily', code: 'CF', slug: 'copperfendaily', newsletter: 'Copperfen Evening' },
  { name: 'The Ninefold Observer', code: 'NO', slug: 'ninefoldobserver', newsletter: 'Observer Digest' },
];

const AGENCIES: readonly string[] = ['AP', 'AFP', 'Reuters', 'Getty Images', 'EPA-EFE', 'Pool'];
const RESTRICTIONS: readonly string[] = ['(AFP OUT)', '(NO SALES)', '(MANDATORY CREDIT)', '(EDITORIAL USE ONLY)', '(POOL)'];
const TOGGLES: readonly string[] = ['MORE LESS', 'Show more', 'Read more', 'Expand', 'Show less', 'See more'];
const WEEKDAYS: readonly string[] = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS: readonly string[] = [
  'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November',
  'December',
];
const MONTHS_AP: readonly string[] = [
  'Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.',
];
const INSTITUTES: readonly string[] = [
  'the Halvard Institute', 'the Center for Strait Studies', 'the Orrin Foundation', 'the Institute for Border Policy',
  'the Calloway Forum', 'the Northern Security Project', 'the Amsel Center for Negotiation',
];
const BUILDINGS: readonly string[] = [
  'a government guesthouse', 'a lakeside hotel', 'a former royal hunting lodge', 'a conference center',
  'a diplomatic academy', 'a hotel near the airport',
];
const ORDINALS: readonly string[] = [
  'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth',
];

// ---------------------------------------------------------------------------------------------------------
// Article context

interface Person {
  name: string;
  last: string;
  role: string;
  country: Country;
}

interface Ctx {
  rng: Rng;
  a: Country;
  b: Country;
  pa: Person;
  pb: Person;
  topic: Topic;
  verb: Verb;
  venue: string;
  date: Date;
  weekday: string;
  outlet: Outlet;
  round: number;
  /** A third country acting as host or go-between. */
  m: Country;
  analyst: Person;
  institute: string;
  /** Per-article shuffled sentence templates, drawn in order so an article rarely repeats itself. */
  deck: Tpl[];
  shortDeck: Tpl[];
}

function person(rng: Rng, country: Country, role?: string, avoid: readonly Person[] = []): Person {
  const first = rng.pick(FIRST_NAMES);
  let last = rng.pick(LAST_NAMES);
  while (avoid.some((p) => p.last === last)) last = rng.pick(LAST_NAMES);
  return { name: `${first} ${last}`, last, role: role ?? rng.pick(ROLES), country };
}

function journalist(rng: Rng): string {
  return `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function headline(c: Ctx, variant: number): string {
  const { a, b, topic, verb, venue } = c;
  switch (variant) {
    case 0:
      return `${a.name} and ${b.name} ${verb.head} ${topic.short}`;
    case 1:
      return `${a.name}, ${b.name} ${verb.head} ${topic.short} in ${venue}`;
    case 2:
      return `In ${venue}, ${a.adj} and ${b.adj} officials ${verb.head} ${topic.short}`;
    default:
      return `${a.adj} and ${b.adj} negotiators ${verb.head} ${topic.short}`;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Body sentences

type Tpl = (c: Ctx) => string;

const n = (c: Ctx, min: number, max: number): number => c.rng.int(min, max);
const pct = (c: Ctx): string => `${c.rng.int(3, 68)} percent`;
const money = (c: Ctx): string => `$${c.rng.int(1, 19)}.${c.rng.int(1, 9)} billion`;
const anon = (c: Ctx): string =>
  c.rng.pick([
    `a senior ${c.a.adj} official said`,
    `a diplomat briefed on the talks said`,
    `one person familiar with the negotiations said`,
    `an official in ${c.b.capital} said on condition of anonymity`,
    `a Western diplomat in ${c.venue} said`,
    `two officials involved in the discussions said`,
  ]);

const year = (c: Ctx): number => c.rng.int(1996, Math.max(1997, c.date.getUTCFullYear() - 1));
const month = (c: Ctx): string => c.rng.pick(MONTHS);

const BACKGROUND: readonly Tpl[] = [
  (c) => `The two countries have not had full diplomatic relations since ${n(c, 1989, 2012)}.`,
  (c) => `Trade between ${c.a.name} and ${c.b.name} fell by ${pct(c)} last year, according to customs figures.`,
  (c) => `${c.a.name} has long argued that ${c.topic.noun} must come before any discussion of sanctions.`,
  (c) => `Previous rounds of talks, held in ${c.rng.pick(VENUES)} and ${c.b.capital}, ended without a written agreement.`,
  (c) => `About ${n(c, 2, 40)},${n(c, 100, 999)} people live in the border districts most affected by the dispute.`,
  (c) => `${c.b.name} has said it will not accept outside mediation on ${c.topic.long}.`,
  (c) => `The last formal agreement between the two governments, signed in ${year(c)}, collapsed within ${n(c, 2, 11)} months.`,
  (c) => `Analysts estimate the dispute has cost the region roughly ${money(c)} in lost trade.`,
  (c) => `${c.a.adj} officials have described ${c.topic.noun} as a test of whether the other side is serious.`,
  (c) => `Both governments face elections within the next ${n(c, 2, 3)} years, which has narrowed their room to compromise.`,
  (c) => `An earlier round of talks was held in ${c.a.capital} last ${month(c)}.`,
  (c) => `Negotiators from both sides have met ${n(c, 3, 24)} times since the process began.`,
  (c) => `${c.m.name} has offered to host further rounds and has quietly carried messages between the two capitals.`,
  (c) => `The dispute goes back to a ${n(c, 1950, 1994)} treaty that the two sides read in very different ways.`,
  (c) => `${c.b.adj} officials say an earlier promise on ${c.topic.noun} was broken within weeks.`,
  (c) => `Relations hit a low point in ${year(c)}, when ${c.a.name} expelled ${n(c, 2, 30)} ${c.b.adj} diplomats.`,
  () => `Until recently, contact between the two militaries was limited to a hotline that was rarely answered.`,
  () => `Both governments have come under pressure from farmers, shipping companies and veterans' associations.`,
  (c) => `The idea of ${c.topic.long} was first floated by ${c.m.adj} diplomats more than ${n(c, 2, 9)} years ago.`,
  (c) => `${c.a.name} and ${c.b.name} fought a short border war in ${n(c, 1962, 2009)} and never signed a peace treaty.`,
];

const QUOTES: readonly Tpl[] = [
  (c) => `"We are closer than we have been in years," ${anon(c)}.`,
  (c) => `"Nobody expected a breakthrough this week," ${anon(c)}.`,
  (c) => `"The door is still open, but not for long," ${anon(c)}.`,
  (c) => `"This is how these negotiations always go," ${anon(c)}.`,
  (c) => `"We need to see steps, not statements," ${anon(c)}.`,
  (c) => `"There is a text on the table, and that matters," ${anon(c)}.`,
  (c) => `"The mood in the room was better than the headlines suggest," ${anon(c)}.`,
  (c) => `"Every concession has to be matched," ${anon(c)}.`,
  (c) => `"We came here to listen, and we listened," ${anon(c)}.`,
  (c) => `"It would be a mistake to read too much into one meeting," ${anon(c)}.`,
  (c) => `"We will judge them by what they do next," ${anon(c)}.`,
  (c) => `${c.pa.last} told reporters in ${c.venue} that the talks had been "${c.rng.pick(['frank', 'useful', 'difficult', 'constructive', 'long'])}."`,
  (c) => `${c.pb.last} told ${c.outlet.name} that ${c.b.name} would "not be rushed."`,
  (c) => `"Our position has not changed," ${c.pb.last} said in a brief statement after the session.`,
  (c) => `"${c.rng.pick(['It is too early to celebrate', 'This could still fall apart', 'Both sides need a win'])}," said ${c.analyst.name}, who studies the region at ${c.institute}.`,
];

const ANALYSIS: readonly Tpl[] = [
  (c) => `${c.analyst.name}, a researcher at ${c.institute}, said the outcome depended on whether ${c.a.name} could sell the deal at home.`,
  () => `Some analysts argue that the order of the steps matters more than their substance.`,
  () => `Others see the talks as an attempt by both governments to look busy ahead of domestic votes.`,
  (c) => `${cap(c.institute)} estimated in a report last ${month(c)} that a settlement could add ${c.rng.int(1, 4)}.${c.rng.int(0, 9)} percentage points to regional growth.`,
  () => `A former negotiator who took part in earlier rounds said the same issues had blocked progress for a decade.`,
  () => `The central question, diplomats say, is who moves first.`,
  () => `Critics say the process rewards delay, since each side gains more from waiting than from giving ground.`,
  (c) => `${c.analyst.last} said the involvement of ${c.m.name} gave both sides a way to save face.`,
];

const REACTION: readonly Tpl[] = [
  (c) => `Opposition lawmakers in ${c.a.capital} accused the government of giving away too much.`,
  (c) => `Markets in ${c.b.capital} rose ${c.rng.int(1, 4)}.${c.rng.int(1, 9)} percent on the news.`,
  (c) => `The ${c.b.adj} currency ${c.rng.pick(['strengthened', 'weakened', 'barely moved'])} against the dollar on ${c.weekday}.`,
  () => `Human rights groups urged both sides to put the fate of detainees on the agenda.`,
  () => `Neighboring governments welcomed the talks but warned against raising expectations.`,
  (c) => `${c.a.adj} state television led its evening bulletin with the story.`,
  (c) => `A spokesman for the ${c.b.adj} Foreign Ministry declined to comment.`,
  (c) => `Veterans' groups in ${c.b.name} staged a small protest outside the ministry.`,
  () => `The United Nations secretary-general's office said it was following the talks closely.`,
  (c) => `Business groups on both sides said a deal could unlock ${money(c)} in investment.`,
  (c) => `In ${c.a.capital}, the government's spokesman called the outcome "a step in the right direction."`,
  (c) => `Newspapers in ${c.b.capital} were divided, with some calling the talks a trap.`,
  () => `Shipping insurers said they would wait for a written agreement before changing their rates.`,
  (c) => `Farmers' unions in ${c.a.name} said they had not been consulted.`,
  (c) => `A small crowd gathered outside the ${c.a.adj} embassy in ${c.b.capital}, some of them waving flags.`,
];

const DETAIL: readonly Tpl[] = [
  (c) => `The talks lasted about ${n(c, 2, 9)} hours and included a working lunch, according to a schedule released by the hosts.`,
  (c) => `A draft seen by reporters runs to ${n(c, 2, 14)} pages and includes ${n(c, 3, 12)} numbered commitments.`,
  (c) => `Under the proposal, ${c.topic.noun} would be reviewed every ${n(c, 3, 12)} months by a joint commission.`,
  (c) => `The ${c.a.adj} delegation of ${n(c, 8, 40)} officials arrived in ${c.venue} on ${c.weekday} morning.`,
  (c) => `Technical teams will meet again in ${n(c, 2, 6)} weeks to work on ${c.topic.noun}, ${anon(c)}.`,
  () => `The text does not include a timeline or any mention of verification.`,
  (c) => `Officials said ${n(c, 2, 5)} working groups would be set up, one of them dealing with ${c.topic.long}.`,
  () => `Both sides agreed to keep the details confidential until the next meeting.`,
  (c) => `Observers from ${n(c, 3, 9)} countries attended the opening session.`,
  (c) => `The ${c.b.adj} side asked for ${n(c, 10, 90)} days to study the proposal.`,
  (c) => `A joint statement was expected on ${c.rng.pick(WEEKDAYS)} but had not been released by evening.`,
  (c) => `The meeting was held at ${c.rng.pick(BUILDINGS)} on the outskirts of ${c.venue}, away from the press.`,
  (c) => `Reporters were kept behind a barrier about ${n(c, 50, 300)} meters from the entrance.`,
  (c) => `${c.pa.last} and ${c.pb.last} met alone, with only interpreters present, for about ${n(c, 20, 90)} minutes.`,
  (c) => `${c.m.adj} officials acted as hosts but did not take part in the substance of the talks, according to the program.`,
  (c) => `Under one option discussed, ${c.m.name} would check compliance through a small monitoring team.`,
  () => `The agenda also included a long-running quarrel over visas for business travelers.`,
  (c) => `A photo released by the ${c.a.adj} side showed the two delegations seated at a long table.`,
];

const OUTLOOK: readonly Tpl[] = [
  (c) => `The next round is expected to take place in ${c.b.capital} ${c.rng.pick(['before the end of the year', 'in the coming months', 'after the summer', 'early next year'])}.`,
  (c) => `${c.pa.last} is due to brief lawmakers in ${c.a.capital} next week.`,
  (c) => `A leaders' meeting remains possible later this year, ${anon(c)}.`,
  () => `Neither side has said what it would give up first.`,
  () => `Diplomats said the coming weeks would show whether the momentum could be sustained.`,
  (c) => `The ${c.a.adj} parliament must approve any agreement on ${c.topic.noun}.`,
  (c) => `Both delegations left ${c.venue} on ${c.weekday} evening without taking questions.`,
  (c) => `Officials on both sides said they hoped to have a signed text by ${month(c)}.`,
  (c) => `Any deal would still need the approval of the ${c.b.adj} constitutional court.`,
  () => `Diplomats cautioned that previous rounds had also begun with optimism.`,
  (c) => `The ${c.m.adj} foreign ministry said it was ready to host the next meeting.`,
  (c) => `Much will depend on whether ${c.pa.last} can win over skeptics in the ${c.a.adj} cabinet.`,
];

const SHORT: readonly Tpl[] = [
  () => 'The talks will continue.',
  () => 'Nobody walked out.',
  () => 'The details remain secret.',
  (c) => `${c.b.name} has not responded.`,
  () => 'The clock is ticking.',
  () => 'Sanctions remain in place.',
  (c) => `${c.a.name} says it is ready.`,
  () => 'Much remains unresolved.',
  () => 'Details were scarce.',
  () => 'Both sides claimed progress.',
  () => 'Few expect a quick deal.',
  () => 'The mood was tense.',
];

const ALL_TEMPLATES: readonly Tpl[] = [...BACKGROUND, ...QUOTES, ...ANALYSIS, ...REACTION, ...DETAIL, ...OUTLOOK];

function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.float() * (i + 1));
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}

/** Next template from a per-article deck; reshuffles only when an unusually long article used them all. */
function draw(c: Ctx, deck: Tpl[], pool: readonly Tpl[]): Tpl {
  if (deck.length === 0) deck.push(...shuffled(c.rng, pool));
  return deck.pop() as Tpl;
}

/** Introduces the two delegation heads; opens the second paragraph so later sentences can use last names. */
function intro(c: Ctx): string {
  return `${c.pa.name}, ${c.a.name}'s ${c.pa.role}, led the ${c.a.adj} side, while ${c.pb.name}, the ${c.pb.role}, led the ${c.b.adj} team.`;
}

function lead(c: Ctx): string {
  const when = c.rng.chance(0.5) ? `on ${c.weekday}` : c.rng.pick(['this week', `late on ${c.weekday}`, `early ${c.weekday}`]);
  const ordinal = ORDINALS[c.round - 1] ?? `${c.round + 1}th`;
  const round = c.round > 0 ? ` It was the ${ordinal} round of talks on the issue.` : '';
  const tail =
    c.verb.tone === 'up'
      ? 'raising hopes of an end to a dispute that has soured relations for years'
      : c.verb.tone === 'down'
        ? 'dealing a setback to efforts to ease tensions between the neighbors'
        : 'in a sign that neither side is ready to abandon the process';
  return `${c.a.adj} and ${c.b.adj} negotiators ${c.verb.lead} ${c.topic.long} ${when} in ${c.venue}, ${tail}.${round}`;
}

function paragraph(c: Ctx): string {
  const count = c.rng.int(1, 4);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(draw(c, c.deck, ALL_TEMPLATES)(c));
  return parts.join(' ');
}

// ---------------------------------------------------------------------------------------------------------
// Noise

function fmtDate(rng: Rng, d: Date): string {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const day = d.getUTCDate();
  const mm = String(m + 1).padStart(2, '0');
  const dd = String(day).padStart(2, '0');
  const hour = rng.int(1, 12);
  const min = String(rng.int(0, 59)).padStart(2, '0');
  const ampm = rng.chance(0.5) ? 'a.m.' : 'p.m.';
  const wd = WEEKDAYS[d.getUTCDay()] ?? 'Monday';
  const mon = MONTHS[m] ?? 'January';
  const ap = MONTHS_AP[m] ?? 'Jan.';
  switch (rng.int(0, 8)) {
    case 0:
      return `${mon} ${day}, ${y}`;
    case 1:
      return `Published ${hour}:${min} ${ampm} ET ${ap} ${day}, ${y}`;
    case 2:
      return `Updated: ${y}-${mm}-${dd}`;
    case 3:
      return `${mon.slice(0, 3)} ${day}, ${y} | ${hour}:${min} ${ampm === 'a.m.' ? 'AM' : 'PM'}`;
    case 4:
      return `${day} ${mon} ${y}`;
    case 5:
      return `${wd}, ${mon} ${day}, ${y}`;
    case 6:
      return `Last updated ${String(rng.int(0, 23)).padStart(2, '0')}:${min} GMT, ${day} ${mon} ${y}`;
    case 7:
      return `Posted ${ap} ${day}, ${y} at ${hour}:${min} ${ampm}`;
    default:
      return `${y}-${mm}-${dd}T${String(rng.int(0, 23)).padStart(2, '0')}:${min}:00Z`;
  }
}

function byline(rng: Rng, outlet: Outlet): string {
  const a = journalist(rng);
  const b = journalist(rng);
  switch (rng.int(0, 7)) {
    case 0:
      return `By ${a}`;
    case 1:
      return `By ${a} and ${b} | ${outlet.name}`;
    case 2:
      return `${a}, Staff Writer`;
    case 3:
      return `BY ${a.toUpperCase()}`;
    case 4:
      return `${a} and ${b}, ${outlet.name}`;
    case 5:
      return `Written by ${a}`;
    case 6:
      return `${a} | ${outlet.name} correspondent`;
    default:
      return `By ${a}, ${rng.pick(['Diplomatic Editor', 'Senior Correspondent', 'Foreign Affairs Reporter'])}`;
  }
}

function dateline(c: Ctx): string {
  const place = c.rng.chance(0.6) ? c.venue : c.rng.pick([c.a, c.b]).capital;
  const up = place.toUpperCase();
  const d = c.date;
  const mon = MONTHS_AP[d.getUTCMonth()] ?? 'Jan.';
  switch (c.rng.int(0, 4)) {
    case 0:
      return `${up} (${c.outlet.name}) — `;
    case 1:
      return `${up} — `;
    case 2:
      return `${up}, ${mon} ${d.getUTCDate()} — `;
    case 3:
      return `${up} -- `;
    default:
      return `${up}, ${mon} ${d.getUTCDate()} (${c.outlet.code}) - `;
  }
}

function promo(c: Ctx): string {
  const o = c.outlet;
  return c.rng.pick([
    `Follow ${o.name} on Telegram for breaking news alerts: t.me/${o.slug}`,
    `Join our WhatsApp channel for the latest updates from ${o.name}.`,
    `Subscribe to ${o.name} on YouTube for daily video analysis.`,
    `Like ${o.name} on Facebook and never miss a story.`,
    `Download the ${o.name} app for live alerts.`,
    `Support independent journalism. Become a member of ${o.name} today.`,
    `Click here to get ${o.name} alerts on your phone.`,
    `Follow us on Twitter @${o.slug} and Instagram @${o.slug}`,
    `Enjoying this story? Share it with a friend, or support ${o.name} for just $1 a week.`,
  ]);
}

function newsletter(c: Ctx): string {
  const o = c.outlet;
  return c.rng.pick([
    `Get the Morning Brief in your inbox. Sign up here.`,
    `Sign up for our ${c.rng.pick(['World', 'Diplomacy', 'Security', 'Politics'])} newsletter.`,
    `${o.newsletter}: the day's top stories, in your inbox every evening. Sign up`,
    `Start your day with ${o.name}. Subscribe to ${o.newsletter}, our free newsletter.`,
    `Want more stories like this? Get ${o.newsletter} delivered every weekday morning.`,
  ]);
}

function caption(c: Ctx): string[] {
  const p = c.rng.pick([c.pa, c.pb]);
  const subject = c.rng.pick([
    `${p.name}, ${p.country.name}'s ${p.role}, speaks to reporters in ${c.venue} on ${c.weekday}.`,
    `Members of the ${c.a.adj} and ${c.b.adj} delegations sit down for talks in ${c.venue}.`,
    `${p.name} arrives for the opening session of the talks in ${c.venue}, ${MONTHS[c.date.getUTCMonth()]} ${c.date.getUTCDate()}, ${c.date.getUTCFullYear()}.`,
    `Protesters gather outside the venue of the talks in ${c.venue}.`,
    `${c.a.adj} and ${c.b.adj} flags hang outside the conference center in ${c.venue}.`,
  ]);
  const name = journalist(c.rng);
  const credit = c.rng.pick([
    `(${c.rng.pick(['AP', c.outlet.code])} Photo/${name})`,
    `Photo: ${name} / ${c.rng.pick(AGENCIES)}`,
    `(Photo by ${name}/${c.rng.pick(AGENCIES)})`,
    `Credit: ${name} for ${c.outlet.name}`,
    `(${c.a.adj} Foreign Ministry/Handout/Released)`,
    `File photo`,
  ]);
  const lines: string[] = [];
  let line = c.rng.chance(0.5) ? `${subject} ${credit}` : subject;
  if (c.rng.chance(0.2)) line += ` ${c.rng.pick(RESTRICTIONS)}`;
  lines.push(line);
  if (!line.includes(credit)) lines.push(credit);
  if (c.rng.chance(0.35)) {
    const cut = Math.max(20, Math.floor(subject.length * (0.5 + c.rng.float() * 0.4)));
    lines.push(subject.slice(0, cut).trimEnd() + c.rng.pick(['...', '…', ' …']));
  }
  if (c.rng.chance(0.3)) lines.push(c.rng.pick(TOGGLES));
  return lines;
}

function otherHeadline(c: Ctx): string {
  const sub: Ctx = {
    ...c,
    a: c.rng.pick(COUNTRIES),
    b: c.rng.pick(COUNTRIES),
    topic: c.rng.pick(TOPICS),
    verb: c.rng.pick(VERBS),
    venue: c.rng.pick(VENUES),
  };
  return c.rng.chance(0.7)
    ? headline(sub, c.rng.int(0, 3))
    : c.rng.pick([
        'Storms disrupt flights across the region',
        'Central bank holds rates steady',
        'Five things to know before markets open',
        'The week in pictures',
        'Opinion: Diplomacy needs patience, not deadlines',
        'Transit strike enters its third day',
      ]);
}

function midNoise(c: Ctx): string[] {
  switch (c.rng.int(0, 6)) {
    case 0:
      return [c.rng.pick(['Advertisement', 'ADVERTISEMENT', 'Story continues below advertisement', '- Advertisement -'])];
    case 1:
      return [`${c.rng.pick(['Related:', 'READ MORE:', 'See also:', 'Read more:'])} ${otherHeadline(c)}`];
    case 2:
      return [promo(c)];
    case 3:
      return [newsletter(c)];
    case 4:
      return [c.rng.pick(['Share this: Facebook Twitter Email', 'Share on Facebook   Share on Twitter', 'Email | Print | Tweet', 'SHARE  TWEET  EMAIL'])];
    default:
      return caption(c);
  }
}

function trailingChrome(c: Ctx): string[] {
  const out: string[] = [];
  const blocks = c.rng.sample([0, 1, 2, 3, 4, 5, 6], c.rng.int(1, 4));
  blocks.sort((x, y) => x - y);
  for (const b of blocks) {
    switch (b) {
      case 0:
        out.push('Latest News');
        for (let i = c.rng.int(2, 4); i > 0; i--) out.push(otherHeadline(c));
        break;
      case 1:
        out.push(c.rng.pick(['Most Popular', 'Most Read', 'Trending Now']));
        for (let i = 1; i <= c.rng.int(2, 4); i++) out.push(`${i}. ${otherHeadline(c)}`);
        break;
      case 2:
        out.push(`Tags: ${c.a.name}, ${c.b.name}, ${cap(c.topic.short)}, Diplomacy`);
        break;
      case 3:
        out.push(c.rng.pick(['Comments', `Comments (${c.rng.int(0, 480)})`, 'Leave a comment', 'Comments are closed.']));
        break;
      case 4:
        out.push(`Editor-in-Chief: ${journalist(c.rng)}`);
        out.push(`Managing Editor: ${journalist(c.rng)}`);
        if (c.rng.chance(0.5)) out.push(`Deputy Editor: ${journalist(c.rng)}`);
        out.push(`Staff Writers: ${journalist(c.rng)}, ${journalist(c.rng)}, ${journalist(c.rng)}`);
        break;
      case 5:
        out.push(c.rng.pick(['About Us | Contact | Privacy Policy | Terms', 'Home   News   World   Opinion   Contact', 'Privacy · Terms · Advertise · Careers']));
        break;
      default:
        out.push(c.rng.pick(['Share this: Facebook Twitter Email', 'Email | Print | Tweet']));
    }
  }
  if (c.rng.chance(0.7)) {
    const y = c.date.getUTCFullYear();
    out.push(
      c.rng.pick([
        `© ${y} ${c.outlet.name}. All rights reserved.`,
        `Copyright © ${y} ${c.outlet.name}. All Rights Reserved.`,
        `© ${c.outlet.name} ${y}`,
        `© ${y} ${c.outlet.name}. This material may not be published, broadcast, rewritten or redistributed.`,
      ]),
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Assembly

function countWords(s: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    const space = ch === 32 || ch === 10 || ch === 13 || ch === 9;
    if (!space && !inWord) count++;
    inWord = !space;
  }
  return count;
}

function slugify(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

const DAY_MS = 86_400_000;
const START = Date.UTC(2015, 0, 1);
const SPAN_DAYS = 365 * 9;

function buildArticle(c: Ctx, title: string, index: number): GeneratedArticle {
  const { rng } = c;
  const header: string[] = [];
  if (rng.chance(0.2)) header.push(rng.pick(['Skip to content', 'Skip to main content', 'Menu', `${c.outlet.name} | World | Politics | Business`]));
  header.push(title);
  const meta: string[] = [];
  const dateFirst = rng.chance(0.5);
  if (rng.chance(0.85)) meta.push(fmtDate(rng, c.date));
  if (rng.chance(0.8)) {
    if (dateFirst) meta.push(byline(rng, c.outlet));
    else meta.unshift(byline(rng, c.outlet));
  }

  // Body paragraphs to a word budget; the noise adds the rest.
  const target = rng.int(430, 1000);
  const body: string[] = [(rng.chance(0.75) ? dateline(c) : '') + lead(c)];
  body.push(`${intro(c)} ${paragraph(c)}`);
  let words = countWords(body.join(' '));
  while (words < target) {
    const p = rng.chance(0.1) ? draw(c, c.shortDeck, SHORT)(c) : paragraph(c);
    body.push(p);
    words += countWords(p);
  }
  body.push(draw(c, c.deck, ALL_TEMPLATES)(c));

  // Pre-draw the noise so that assemble() is a pure function of drawn values (it may run more than once).
  const noiseAt = new Set<number>();
  for (let i = 0; i < body.length; i++) if (rng.chance(0.28)) noiseAt.add(i);
  const noiseSeeds = new Map<number, number>();
  for (const i of noiseAt) noiseSeeds.set(i, rng.int(0, 0x7fffffff));
  const noiseCtx = (i: number): Ctx => ({ ...c, rng: new Rng(noiseSeeds.get(i) ?? 0) });
  const chrome = trailingChrome(c).join('\n');
  const sep = rng.chance(0.8) ? '\n\n' : '\n';

  const assemble = (): string => {
    const blocks: string[] = [header.join('\n')];
    if (meta.length > 0) blocks.push(meta.join('\n'));
    body.forEach((p, i) => {
      blocks.push(p);
      if (i < body.length - 1 && noiseAt.has(i)) blocks.push(midNoise(noiseCtx(i)).join('\n'));
    });
    blocks.push(chrome);
    return blocks.join(sep);
  };

  let text = assemble();
  let total = countWords(text);
  while (total > MAX_WORDS && body.length > 2) {
    body.splice(body.length - 2, 1);
    text = assemble();
    total = countWords(text);
  }
  while (total < MIN_WORDS) {
    body.splice(body.length - 1, 0, paragraph(c));
    text = assemble();
    total = countWords(text);
  }
  if (rng.chance(0.05)) text = text.replace(/\n/g, '\r\n');
  if (rng.chance(0.3)) text += '\n';

  const published = c.date.toISOString().slice(0, 10);
  const fileName = `${String(index + 1).padStart(6, '0')}-${slugify(title)}.txt`;
  return { fileName, text, title, outlet: c.outlet.name, published };
}

/** Yields `count` distinct articles. Deterministic for a given `seed`. */
export function* generateArticles(count: number, seed = 1): Generator<GeneratedArticle> {
  const rng = new Rng(seed);
  const used = new Set<string>();
  for (let index = 0; index < count; index++) {
    let c: Ctx | undefined;
    let title = '';
    for (let attempt = 0; attempt < 24; attempt++) {
      const [a, b, m] = rng.sample(COUNTRIES, 3) as [Country, Country, Country];
      const date = new Date(START + rng.int(0, SPAN_DAYS) * DAY_MS);
      const pa = person(rng, a);
      const pb = person(rng, b, undefined, [pa]);
      c = {
        rng,
        a,
        b,
        pa,
        pb,
        topic: rng.pick(TOPICS),
        verb: rng.pick(VERBS),
        venue: rng.pick(VENUES),
        date,
        weekday: WEEKDAYS[(date.getUTCDay() + 6) % 7] ?? 'Monday',
        outlet: rng.pick(OUTLETS),
        round: 0,
        m,
        analyst: person(rng, m, 'analyst', [pa, pb]),
        institute: rng.pick(INSTITUTES),
        deck: [],
        shortDeck: [],
      };
      title = headline(c, rng.int(0, 3));
      if (!used.has(title)) break;
    }
    if (c === undefined) throw new Error('unreachable');
    // Pools exhausted for this draw: qualify the headline (and the lead) with a round number.
    const base = title;
    while (used.has(title)) {
      c.round++;
      title = `${base}, round ${c.round + 1}`;
    }
    used.add(title);
    yield buildArticle(c, title, index);
  }
}

/** Writes `count` articles to `dir`, one `.txt` file each (UTF-8). */
export async function writeCorpus(dir: string, count: number, seed = 1): Promise<void> {
  await mkdir(dir, { recursive: true });
  let batch: Promise<void>[] = [];
  for (const article of generateArticles(count, seed)) {
    batch.push(writeFile(join(dir, article.fileName), article.text, 'utf8'));
    if (batch.length >= 64) {
      await Promise.all(batch);
      batch = [];
    }
  }
  await Promise.all(batch);
}
