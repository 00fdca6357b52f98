/**
 * PLOVER (Political Language Ontology for Verifiable Event Records, Open Event Data Alliance): its event
 * categories with their modes and quad classes, the context vocabulary, and a crosswalk from every CAMEO code.
 *
 * Sources: the PLOVER manual (draft 0.7b1, github.com/openeventdata/PLOVER, PLOVER_MANUAL.tex) for categories,
 * mode tables and contexts, and its CAMEO crosswalk (CAMEO2PLOVER-2021.txt in the same repository) for the
 * code-by-code category, mode and context. The crosswalk's DEMAND is written REQUEST, the name the current
 * PLOVER/POLECAT release uses for requests, demands and orders. Where this table departs from the crosswalk
 * the row says so in a comment; where the crosswalk is silent (CAMEO 01 and 02) the choice is eventwire's.
 */
import type { PloverType, QuadClass } from '../types.js';
import { cameoCode } from './cameo.js';

/**
 * PLOVER's 16 event categories, then `OTHER`: eventwire's home for CAMEO 01 statements, which PLOVER drops
 * ("simple commentary is not an event"). Exports keep them so nothing coded is lost; filter on it to get
 * PLOVER-conformant data.
 */
export const PLOVER_CATEGORIES = [
  'AGREE',
  'CONSULT',
  'SUPPORT',
  'CONCEDE',
  'COOPERATE',
  'AID',
  'RETREAT',
  'REQUEST',
  'ACCUSE',
  'REJECT',
  'THREATEN',
  'PROTEST',
  'SANCTION',
  'MOBILIZE',
  'COERCE',
  'ASSAULT',
  'OTHER',
] as const;
export type PloverCategory = (typeof PLOVER_CATEGORIES)[number];

export interface PloverCategoryInfo {
  category: PloverCategory;
  /** PLOVER's quad class; none for OTHER. */
  quadClass?: QuadClass;
  /** The CAMEO roots the category mostly comes from. */
  cameoRoots: readonly string[];
  /** The values the `mode` field takes for this category (empty: verbal categories have no mode). */
  modes: readonly string[];
  description: string;
}

const info = (
  category: PloverCategory,
  quadClass: QuadClass | undefined,
  cameoRoots: string[],
  modes: string[],
  description: string,
): PloverCategoryInfo => Object.freeze({ category, quadClass, cameoRoots, modes, description });

/**
 * The categories. Modes are the manual's mode tables, plus the few values only the crosswalk uses (noted).
 * SANCTION: the manual's section header says material conflict, its quad table verbal conflict; material it is.
 */
export const PLOVER: Readonly<Record<PloverCategory, PloverCategoryInfo>> = Object.freeze({
  AGREE: info('AGREE', 1, ['03'], [], 'Agree to, offer, promise or otherwise indicate willingness to cooperate.'),
  // 'host': crosswalk only (CAMEO 043); the manual codes hosted visits as 'visit' with the visitor as source.
  CONSULT: info('CONSULT', 1, ['04'], ['visit', 'host', 'third-party', 'multilateral', 'phone'],
    'Meetings, visits, talks and negotiations.'),
  SUPPORT: info('SUPPORT', 1, ['05'], [],
    'Diplomatic, non-material cooperation: praise, endorse, recognise, sign agreements.'),
  CONCEDE: info('CONCEDE', 1, ['08'], [], 'Verbal concessions: easing restrictions, pardons, acceding to demands.'),
  COOPERATE: info('COOPERATE', 2, ['06'], [],
    'Mutual material cooperation: economic, military, judicial, intelligence.'),
  AID: info('AID', 2, ['07'], ['economic', 'military', 'humanitarian', 'asylum'],
    'Material aid that mainly benefits the recipient.'),
  // 'ease': crosswalk only (CAMEO 0813, 0814, 085).
  RETREAT: info(
    'RETREAT',
    2,
    ['08'],
    ['withdraw', 'release', 'return', 'disarm', 'ceasefire', 'access', 'resign', 'ease'],
    'Material concessions: release captives, return property, allow access, disarm, cease fire, withdraw.',
  ),
  REQUEST: info('REQUEST', 3, ['02', '10'], ['assist', 'change', 'yield', 'meet'],
    'Requests, appeals, demands and orders.'),
  ACCUSE: info('ACCUSE', 3, ['09', '11'], ['disapprove', 'investigate'],
    'Disapprove, criticise, accuse, sue, investigate.'),
  REJECT: info('REJECT', 3, ['12'], ['assist', 'change', 'yield', 'meet'],
    'Rejections and refusals; defiance of norms; vetoes.'),
  // 'political': crosswalk only (CAMEO 1321, threats against political freedoms).
  THREATEN: info(
    'THREATEN',
    3,
    ['13'],
    ['restrict', 'ban', 'arrest', 'relations', 'expel', 'territory', 'violence', 'political'],
    'Threats and ultimatums; the mode says what is threatened.',
  ),
  PROTEST: info(
    'PROTEST',
    4,
    ['14'],
    ['demo', 'riot', 'strike-gen', 'strike-lim', 'strike-hun', 'boycott', 'obstruct'],
    'Demonstrations, strikes, boycotts, blockades and riots.',
  ),
  // 'discontinue': crosswalk only (CAMEO 162x).
  SANCTION: info(
    'SANCTION',
    4,
    ['16'],
    ['convict', 'cancel', 'expel', 'withdraw', 'sever', 'discontinue'],
    'Reductions of normal relations: break ties, stop aid, impose sanctions, expel, convict.',
  ),
  MOBILIZE: info('MOBILIZE', 4, ['15'], ['troops', 'weapons', 'police'],
    'Military or police moves short of the use of force.'),
  COERCE: info(
    'COERCE',
    4,
    ['17'],
    ['confiscate', 'restrict', 'ban', 'censor', 'curfew', 'martial-law', 'arrest', 'deport', 'withhold'],
    'Repression and restrictions on rights: arrests, bans, curfews, seizures, blockades.',
  ),
  // 'unconventional' is the manual's FIGHT/mass-violence note; 'cleansing' is crosswalk only (CAMEO 201–203).
  ASSAULT: info(
    'ASSAULT',
    4,
    ['18', '19', '20'],
    [
      'abduct',
      'beat',
      'torture',
      'execute',
      'sexual',
      'assassinate',
      'destroy',
      'primitive',
      'firearms',
      'explosives',
      'suicide-attack',
      'heavy-weapons',
      'unconventional',
      'cleansing',
    ],
    'Deliberate actions that can cause substantial physical harm, one- or two-sided.',
  ),
  OTHER: info('OTHER', undefined, ['01'], [],
    'CAMEO statements and comments, which PLOVER does not code (eventwire keeps them).'),
});

/**
 * PLOVER's context vocabulary (manual table "General contexts"), plus `negation` (the manual's fourth grammatical
 * context). Contexts say why/about what; `future`, `historical`, `hypothetical` and `negation` how the text holds it.
 */
export const PLOVER_CONTEXTS = [
  'political',
  'military',
  'intelligence',
  'peacekeeping',
  'economic',
  'diplomatic',
  'resource',
  'culture',
  'disease',
  'enviro_disaster',
  'migration',
  'humanitarian',
  'legal',
  'human_rights',
  'rights_freedoms',
  'gender',
  'lgbt',
  'terrorism',
  'human_security',
  'religion_ethnicity',
  'government',
  'election',
  'legislative',
  'cbrn',
  'cyber',
  'political_institutions',
  'corruption',
  'crime',
  'crime_murder',
  'crime_theft',
  'crime_drugs',
  'crime_sexual',
  'future',
  'historical',
  'hypothetical',
  'negation',
] as const;
export type PloverContext = (typeof PLOVER_CONTEXTS)[number];

/**
 * The crosswalk: `CAMEO CATEGORY mode context[,context]`, `-` for none, one line for every code of the codebook.
 * Contexts the crosswalk writes outside the manual's vocabulary are normalised: executive → government,
 * democracy and rights → rights_freedoms, asylum → migration.
 *
 * Uncertain or departing rows (each also marked below):
 * - 01x → OTHER: PLOVER drops statements; the manual suggests, without recommending, 015 → AGREE, 016 → REJECT.
 * - 02x → REQUEST: PLOVER 0.7 drops appeals; the current release folds requests into REQUEST, so appeals go
 *   there with the same modes as the matching demands (021x assist, 024x change, 025x yield, 026–028 meet).
 * - 043: crosswalk mode `host`; under the manual's convention it is `visit` with source and recipient swapped.
 * - 105, 124, 1241, 1242: the crosswalk's `change` contradicts the mode definitions (yielding is `yield`).
 * - 116 → SANCTION convict: the manual moved "find guilty" from DISAPPROVE to SANCTION; the crosswalk has ACCUSE.
 * - 163 → SANCTION sever: the manual lists sanctions and embargoes under SANCTION; the crosswalk has COERCE.
 * - 1321: crosswalk mode `political` is in no mode table.
 * - 142x: crosswalk `hunger` written as the manual's `strike-hun` (which the manual says comes from CAMEO 142x).
 * - 162x: crosswalk `discontinue`; the manual's `withdraw` covers withdrawing aid too.
 * - 175, 1823, 196: no mode in the crosswalk.
 * - 185 → ASSAULT assassinate (older drafts had THREATEN).
 * - 191, 192 → COERCE (blockade, occupation), 1712 → ASSAULT destroy, 201–203 → ASSAULT cleansing: as the
 *   crosswalk, though the manual calls mass expulsions and killings a pattern of events, not one event.
 */
const CROSSWALK = `
010 OTHER - -
011 OTHER - -
012 OTHER - -
013 OTHER - -
014 OTHER - -
015 OTHER - -
016 OTHER - -
017 OTHER - -
018 OTHER - -
019 OTHER - -
020 REQUEST - -
021 REQUEST assist -
0211 REQUEST assist economic
0212 REQUEST assist military
0213 REQUEST assist legal
0214 REQUEST assist intelligence
022 REQUEST assist diplomatic
023 REQUEST assist -
0231 REQUEST assist economic
0232 REQUEST assist military
0233 REQUEST assist humanitarian
0234 REQUEST assist peacekeeping
024 REQUEST change political_institutions
0241 REQUEST change government
0242 REQUEST change government
0243 REQUEST change rights_freedoms
0244 REQUEST change political_institutions
025 REQUEST yield legal
0251 REQUEST yield legal
0252 REQUEST yield legal
0253 REQUEST yield legal
0254 REQUEST yield economic
0255 REQUEST yield diplomatic
0256 REQUEST yield military
026 REQUEST meet diplomatic
027 REQUEST meet diplomatic
028 REQUEST meet diplomatic
030 AGREE - diplomatic
031 AGREE - diplomatic
0311 AGREE - economic
0312 AGREE - military
0313 AGREE - legal
0314 AGREE - intelligence
032 AGREE - diplomatic
033 AGREE - diplomatic
0331 AGREE - economic
0332 AGREE - military
0333 AGREE - diplomatic
0334 AGREE - peacekeeping
034 AGREE - political_institutions
0341 AGREE - political_institutions
0342 AGREE - government
0343 AGREE - rights_freedoms
0344 AGREE - political_institutions
035 AGREE - -
0351 AGREE - rights_freedoms
0352 AGREE - -
0353 AGREE - rights_freedoms
0354 AGREE - economic
0355 AGREE - diplomatic
0356 AGREE - military
036 AGREE - diplomatic
037 AGREE - diplomatic
038 AGREE - diplomatic
039 AGREE - diplomatic
040 CONSULT - -
041 CONSULT phone -
042 CONSULT visit -
043 CONSULT host -
044 CONSULT third-party -
045 CONSULT - diplomatic
046 CONSULT - diplomatic
050 SUPPORT - diplomatic
051 SUPPORT - diplomatic
052 SUPPORT - diplomatic
053 SUPPORT - diplomatic
054 SUPPORT - diplomatic
055 SUPPORT - diplomatic
056 SUPPORT - diplomatic
057 SUPPORT - diplomatic
060 COOPERATE - -
061 COOPERATE - economic
062 COOPERATE - military
063 COOPERATE - legal
064 COOPERATE - intelligence
070 AID - -
071 AID economic economic
072 AID military military
073 AID humanitarian humanitarian
074 AID military peacekeeping
075 AID asylum migration
080 CONCEDE - -
081 CONCEDE - legal
0811 CONCEDE - rights_freedoms
0812 CONCEDE - rights_freedoms
0813 RETREAT ease legal
0814 RETREAT ease legal
082 CONCEDE - rights_freedoms
083 CONCEDE - political_institutions
0831 CONCEDE - political_institutions
0832 CONCEDE - government
0833 CONCEDE - rights_freedoms
0834 CONCEDE - political_institutions
084 RETREAT - -
0841 RETREAT release legal
0842 RETREAT return legal
085 RETREAT ease economic
086 RETREAT access diplomatic
0861 RETREAT access peacekeeping
0862 RETREAT access diplomatic
0863 RETREAT access humanitarian
087 RETREAT disarm military
0871 RETREAT ceasefire military
0872 RETREAT withdraw military
0873 RETREAT disarm military
0874 RETREAT disarm military
090 ACCUSE investigate -
091 ACCUSE investigate crime,corruption
092 ACCUSE investigate human_rights
093 ACCUSE investigate military
094 ACCUSE investigate military,legal
100 REQUEST - -
101 REQUEST assist -
1011 REQUEST assist economic
1012 REQUEST assist military
1013 REQUEST assist legal
1014 REQUEST assist intelligence
102 REQUEST assist diplomatic
103 REQUEST assist -
1031 REQUEST assist economic
1032 REQUEST assist military
1033 REQUEST assist humanitarian
1034 REQUEST assist peacekeeping
104 REQUEST change political_institutions
1041 REQUEST change government
1042 REQUEST change government
1043 REQUEST change rights_freedoms
1044 REQUEST change political_institutions
105 REQUEST yield legal
1051 REQUEST yield legal
1052 REQUEST yield legal
1053 REQUEST yield legal
1054 REQUEST yield economic
1055 REQUEST yield diplomatic
1056 REQUEST yield military
106 REQUEST meet diplomatic
107 REQUEST meet diplomatic
108 REQUEST meet diplomatic
110 ACCUSE disapprove -
111 ACCUSE disapprove -
112 ACCUSE disapprove -
1121 ACCUSE disapprove crime,corruption
1122 ACCUSE disapprove human_rights
1123 ACCUSE disapprove military
1124 ACCUSE disapprove military,legal
1125 ACCUSE disapprove legal
113 ACCUSE disapprove -
114 ACCUSE disapprove -
115 ACCUSE disapprove legal
116 SANCTION convict legal
120 REJECT - -
121 REJECT assist -
1211 REJECT assist economic
1212 REJECT assist military
122 REJECT assist -
1221 REJECT assist economic
1222 REJECT assist military
1223 REJECT assist humanitarian
1224 REJECT assist peacekeeping
123 REJECT change political_institutions
1231 REJECT change government
1232 REJECT change government
1233 REJECT change rights_freedoms
1234 REJECT change political_institutions
124 REJECT yield -
1241 REJECT yield legal
1242 REJECT yield -
1243 REJECT yield legal
1244 REJECT yield economic
1245 REJECT yield diplomatic
1246 REJECT yield military
125 REJECT meet diplomatic
126 REJECT meet diplomatic
127 REJECT meet diplomatic
128 REJECT yield legal
129 REJECT yield diplomatic
130 THREATEN - -
131 THREATEN - -
1311 THREATEN relations -
1312 THREATEN restrict diplomatic
1313 THREATEN relations diplomatic
132 THREATEN ban legal
1321 THREATEN political legal
1322 THREATEN ban legal
1323 THREATEN restrict legal
1324 THREATEN restrict legal
133 THREATEN relations -
134 THREATEN relations diplomatic
135 THREATEN relations diplomatic
136 THREATEN expel diplomatic
137 THREATEN violence legal
138 THREATEN violence military
1381 THREATEN restrict military
1382 THREATEN territory military
1383 THREATEN violence military
1384 THREATEN violence military
1385 THREATEN violence cbrn
139 THREATEN relations diplomatic
140 PROTEST - -
141 PROTEST demo -
1411 PROTEST demo government
1412 PROTEST demo government
1413 PROTEST demo rights_freedoms
1414 PROTEST demo political_institutions
142 PROTEST strike-hun -
1421 PROTEST strike-hun government
1422 PROTEST strike-hun government
1423 PROTEST strike-hun rights_freedoms
1424 PROTEST strike-hun political_institutions
143 PROTEST boycott -
1431 PROTEST boycott government
1432 PROTEST boycott government
1433 PROTEST boycott rights_freedoms
1434 PROTEST boycott political_institutions
144 PROTEST obstruct -
1441 PROTEST obstruct government
1442 PROTEST obstruct government
1443 PROTEST obstruct rights_freedoms
1444 PROTEST obstruct political_institutions
145 PROTEST riot -
1451 PROTEST riot government
1452 PROTEST riot government
1453 PROTEST riot rights_freedoms
1454 PROTEST riot political_institutions
150 MOBILIZE - -
151 MOBILIZE police -
152 MOBILIZE troops military
153 MOBILIZE police -
154 MOBILIZE troops military
160 SANCTION - -
161 SANCTION withdraw diplomatic
162 SANCTION discontinue diplomatic
1621 SANCTION discontinue economic
1622 SANCTION discontinue military
1623 SANCTION discontinue humanitarian
163 SANCTION sever diplomatic
164 SANCTION withdraw diplomatic
165 SANCTION withdraw diplomatic
166 SANCTION expel diplomatic
1661 SANCTION expel military
1662 SANCTION expel diplomatic
1663 SANCTION expel diplomatic
170 COERCE - -
171 COERCE confiscate legal
1711 COERCE confiscate legal
1712 ASSAULT destroy legal
172 COERCE restrict legal
1721 COERCE restrict legal
1722 COERCE ban legal
1723 COERCE curfew legal
1724 COERCE martial-law legal
173 COERCE arrest legal
174 COERCE deport legal
175 ASSAULT - military
180 ASSAULT - -
181 ASSAULT abduct -
182 ASSAULT beat -
1821 ASSAULT sexual -
1822 ASSAULT torture -
1823 ASSAULT - -
183 ASSAULT suicide-attack -
1831 ASSAULT suicide-attack -
1832 ASSAULT explosives -
1833 ASSAULT explosives -
184 ASSAULT abduct -
185 ASSAULT assassinate -
186 ASSAULT assassinate -
190 ASSAULT - military
191 COERCE restrict military
192 COERCE confiscate military
193 ASSAULT firearms military
194 ASSAULT heavy-weapons military
195 ASSAULT heavy-weapons military
196 ASSAULT - military,legal
200 ASSAULT unconventional military
201 ASSAULT cleansing legal
202 ASSAULT cleansing military
203 ASSAULT cleansing military
204 ASSAULT unconventional cbrn
2041 ASSAULT unconventional cbrn
2042 ASSAULT unconventional cbrn
`;

interface CrosswalkRow {
  plover: PloverType;
  contexts: readonly string[];
}

const crosswalk = new Map<string, CrosswalkRow>(
  CROSSWALK.trim()
    .split('\n')
    .map((line) => {
      const [code, category, mode, context] = line.split(' ');
      if (!code || !category || !mode || !context || !(PLOVER_CATEGORIES as readonly string[]).includes(category)) {
        throw new Error(`malformed PLOVER crosswalk line: ${line}`);
      }
      const plover: PloverType = mode === '-' ? { category } : { category, mode };
      const contexts = Object.freeze(context === '-' ? [] : context.split(','));
      return [code, { plover: Object.freeze(plover), contexts }];
    }),
);

/** The CAMEO codes the crosswalk lists explicitly (every code of the codebook but the roots). */
export const PLOVER_CROSSWALK_CODES: readonly string[] = Object.freeze([...crosswalk.keys()]);

const OTHER: PloverType = Object.freeze({ category: 'OTHER' });

function row(cameo: string): CrosswalkRow | undefined {
  const c = cameo.trim();
  const exact = crosswalk.get(c);
  if (exact) return exact;
  const known = cameoCode(c);
  if (!known) return undefined;
  // A root (`04`) reads as its "not specified" code (`040`).
  return crosswalk.get(known.code.length === 2 ? `${known.code}0` : known.code);
}

/**
 * PLOVER's reading of a CAMEO code: category and, where the crosswalk gives one, mode. Codes outside the table
 * resolve as `cameoCode` resolves them (4-digit → parent, 3-digit → root, `04` → `040`); a string that is no
 * CAMEO code at all gets `OTHER`.
 */
export function ploverFor(cameo: string): PloverType {
  return row(cameo)?.plover ?? OTHER;
}

/** The PLOVER contexts the crosswalk gives a CAMEO code (`0311` → economic), resolved like `ploverFor`. */
export function ploverContexts(cameo: string): readonly string[] {
  return row(cameo)?.contexts ?? [];
}

/** PLOVER's quad class for a category (undefined for OTHER and unknown names). */
export function ploverQuadClass(category: string): QuadClass | undefined {
  return (PLOVER as Record<string, PloverCategoryInfo | undefined>)[category]?.quadClass;
}
