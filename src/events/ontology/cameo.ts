/**
 * The CAMEO event codebook, version 1.1b3 (Schrodt 2012): every 2-, 3- and 4-digit event code with a short
 * English name, its root, quad class and Goldstein score.
 *
 * Goldstein scores are the CAMEO→Goldstein mapping GDELT publishes with its event data (CAMEO.goldsteinscale.txt);
 * roots carry GDELT's root values, which differ from their `…0` code in root 13 (-6.0 vs 130's -4.4).
 * Quad classes follow the root: 01–05 verbal cooperation, 06–08 material cooperation, 09–13 verbal conflict,
 * 14–20 material conflict (the ICEWS convention; some tables put 09 INVESTIGATE under material cooperation).
 *
 * Codes added after 1.1b3 (155 cyber-forces, 176 cyber attack, 1834 location bombing, 1951/1952 aerial
 * munitions) and ICEWS/PLOVER-only ones (1213, 1214) are not in the table: `cameoCode` reads them as their
 * parent code or root.
 */
import type { CameoCode, QuadClass } from '../types.js';

/** The 20 CAMEO roots (cue categories): code, short name and GDELT's root Goldstein value. */
const ROOTS: readonly (readonly [code: string, goldstein: number, name: string])[] = [
  ['01', 0.0, 'Make public statement'],
  ['02', 3.0, 'Appeal'],
  ['03', 4.0, 'Express intent to cooperate'],
  ['04', 1.0, 'Consult'],
  ['05', 3.5, 'Engage in diplomatic cooperation'],
  ['06', 6.0, 'Engage in material cooperation'],
  ['07', 7.0, 'Provide aid'],
  ['08', 5.0, 'Yield'],
  ['09', -2.0, 'Investigate'],
  ['10', -5.0, 'Demand'],
  ['11', -2.0, 'Disapprove'],
  ['12', -4.0, 'Reject'],
  ['13', -6.0, 'Threaten'],
  ['14', -6.5, 'Protest'],
  ['15', -7.2, 'Exhibit force posture'],
  ['16', -4.0, 'Reduce relations'],
  ['17', -7.0, 'Coerce'],
  ['18', -9.0, 'Assault'],
  ['19', -10.0, 'Fight'],
  ['20', -10.0, 'Use unconventional mass violence'],
];

/**
 * Every 3- and 4-digit code: `code goldstein name`, one a line. Names drop CAMEO's ", not specified below": the
 * `…0` code of a root and the 3-digit parent of 4-digit codes are the "not specified" cases.
 */
const CODES = `
010 0.0 Make statement
011 -0.1 Decline comment
012 -0.4 Make pessimistic comment
013 0.4 Make optimistic comment
014 0.0 Consider policy option
015 0.0 Acknowledge or claim responsibility
016 -2.0 Deny responsibility
017 0.0 Engage in symbolic act
018 3.4 Make empathetic comment
019 3.4 Express accord
020 3.0 Make an appeal or request
021 3.4 Appeal for material cooperation
0211 3.4 Appeal for economic cooperation
0212 3.4 Appeal for military cooperation
0213 3.4 Appeal for judicial cooperation
0214 3.4 Appeal for intelligence
022 3.2 Appeal for diplomatic cooperation
023 3.4 Appeal for aid
0231 3.4 Appeal for economic aid
0232 3.4 Appeal for military aid
0233 3.4 Appeal for humanitarian aid
0234 3.4 Appeal for military protection or peacekeeping
024 -0.3 Appeal for political reform
0241 -0.3 Appeal for change in leadership
0242 -0.3 Appeal for policy change
0243 -0.3 Appeal for rights
0244 -0.3 Appeal for change in institutions, regime
025 -0.3 Appeal to yield
0251 -0.3 Appeal for easing of administrative sanctions
0252 -0.3 Appeal for easing of political dissent
0253 -0.3 Appeal for release of persons or property
0254 -0.3 Appeal for easing of economic sanctions, boycott, or embargo
0255 -0.3 Appeal for target to allow international involvement
0256 -0.3 Appeal for de-escalation of military engagement
026 4.0 Appeal to others to meet or negotiate
027 4.0 Appeal to others to settle dispute
028 4.0 Appeal to others to engage in or accept mediation
030 4.0 Express intent to cooperate
031 5.2 Express intent to engage in material cooperation
0311 5.2 Express intent to cooperate economically
0312 5.2 Express intent to cooperate militarily
0313 5.2 Express intent to cooperate on judicial matters
0314 5.2 Express intent to cooperate on intelligence
032 4.5 Express intent to provide diplomatic cooperation
033 5.2 Express intent to provide material aid
0331 5.2 Express intent to provide economic aid
0332 5.2 Express intent to provide military aid
0333 5.2 Express intent to provide humanitarian aid
0334 6.0 Express intent to provide military protection or peacekeeping
034 7.0 Express intent to institute political reform
0341 7.0 Express intent to change leadership
0342 7.0 Express intent to change policy
0343 7.0 Express intent to provide rights
0344 7.0 Express intent to change institutions, regime
035 7.0 Express intent to yield
0351 7.0 Express intent to ease administrative sanctions
0352 7.0 Express intent to ease popular dissent
0353 7.0 Express intent to release persons or property
0354 7.0 Express intent to ease economic sanctions, boycott, or embargo
0355 7.0 Express intent to allow international involvement
0356 7.0 Express intent to de-escalate military engagement
036 4.0 Express intent to meet or negotiate
037 5.0 Express intent to settle dispute
038 7.0 Express intent to accept mediation
039 5.0 Express intent to mediate
040 1.0 Consult
041 1.0 Discuss by telephone
042 1.9 Make a visit
043 2.8 Host a visit
044 2.5 Meet at a "third" location
045 5.0 Mediate
046 7.0 Engage in negotiation
050 3.5 Engage in diplomatic cooperation
051 3.4 Praise or endorse
052 3.5 Defend verbally
053 3.8 Rally support on behalf of
054 6.0 Grant diplomatic recognition
055 7.0 Apologize
056 7.0 Forgive
057 8.0 Sign formal agreement
060 6.0 Engage in material cooperation
061 6.4 Cooperate economically
062 7.4 Cooperate militarily
063 7.4 Engage in judicial cooperation
064 7.0 Share intelligence or information
070 7.0 Provide aid
071 7.4 Provide economic aid
072 8.3 Provide military aid
073 7.4 Provide humanitarian aid
074 8.5 Provide military protection or peacekeeping
075 7.0 Grant asylum
080 5.0 Yield
081 5.0 Ease administrative sanctions
0811 5.0 Ease restrictions on political freedoms
0812 5.0 Ease ban on political parties or politicians
0813 5.0 Ease curfew
0814 5.0 Ease state of emergency or martial law
082 5.0 Ease political dissent
083 5.0 Accede to requests or demands for political reform
0831 5.0 Accede to demands for change in leadership
0832 5.0 Accede to demands for change in policy
0833 5.0 Accede to demands for rights
0834 5.0 Accede to demands for change in institutions, regime
084 7.0 Return, release
0841 7.0 Return, release person(s)
0842 7.0 Return, release property
085 7.0 Ease economic sanctions, boycott, embargo
086 9.0 Allow international involvement
0861 9.0 Receive deployment of peacekeepers
0862 9.0 Receive inspectors
0863 9.0 Allow humanitarian access
087 9.0 De-escalate military engagement
0871 9.0 Declare truce, ceasefire
0872 9.0 Ease military blockade
0873 9.0 Demobilize armed forces
0874 10.0 Retreat or surrender militarily
090 -2.0 Investigate
091 -2.0 Investigate crime, corruption
092 -2.0 Investigate human rights abuses
093 -2.0 Investigate military action
094 -2.0 Investigate war crimes
100 -5.0 Demand
101 -5.0 Demand material cooperation
1011 -5.0 Demand economic cooperation
1012 -5.0 Demand military cooperation
1013 -5.0 Demand judicial cooperation
1014 -5.0 Demand intelligence cooperation
102 -5.0 Demand diplomatic cooperation
103 -5.0 Demand material aid
1031 -5.0 Demand economic aid
1032 -5.0 Demand military aid
1033 -5.0 Demand humanitarian aid
1034 -5.0 Demand military protection or peacekeeping
104 -5.0 Demand political reform
1041 -5.0 Demand change in leadership
1042 -5.0 Demand policy change
1043 -5.0 Demand rights
1044 -5.0 Demand change in institutions, regime
105 -5.0 Demand that target yields
1051 -5.0 Demand easing of administrative sanctions
1052 -5.0 Demand easing of political dissent
1053 -5.0 Demand release of persons or property
1054 -5.0 Demand easing of economic sanctions, boycott, or embargo
1055 -5.0 Demand that target allows international involvement
1056 -5.0 Demand de-escalation of military engagement
106 -5.0 Demand meeting, negotiation
107 -5.0 Demand settling of dispute
108 -5.0 Demand mediation
110 -2.0 Disapprove
111 -2.0 Criticize or denounce
112 -2.0 Accuse
1121 -2.0 Accuse of crime, corruption
1122 -2.0 Accuse of human rights abuses
1123 -2.0 Accuse of aggression
1124 -2.0 Accuse of war crimes
1125 -2.0 Accuse of espionage, treason
113 -2.0 Rally opposition against
114 -2.0 Complain officially
115 -2.0 Bring lawsuit against
116 -2.0 Find guilty or liable (legally)
120 -4.0 Reject
121 -4.0 Reject material cooperation
1211 -4.0 Reject economic cooperation
1212 -4.0 Reject military cooperation
122 -4.0 Reject request or demand for material aid
1221 -4.0 Reject request for economic aid
1222 -4.0 Reject request for military aid
1223 -4.0 Reject request for humanitarian aid
1224 -4.0 Reject request for military protection or peacekeeping
123 -4.0 Reject request or demand for political reform
1231 -4.0 Reject request for change in leadership
1232 -4.0 Reject request for policy change
1233 -4.0 Reject request for rights
1234 -4.0 Reject request for change in institutions, regime
124 -4.0 Refuse to yield
1241 -4.0 Refuse to ease administrative sanctions
1242 -4.0 Refuse to ease popular dissent
1243 -4.0 Refuse to release persons or property
1244 -4.0 Refuse to ease economic sanctions, boycott, or embargo
1245 -4.0 Refuse to allow international involvement
1246 -4.0 Refuse to de-escalate military engagement
125 -5.0 Reject proposal to meet, discuss, or negotiate
126 -5.0 Reject mediation
127 -5.0 Reject plan, agreement to settle dispute
128 -5.0 Defy norms, law
129 -5.0 Veto
130 -4.4 Threaten
131 -5.8 Threaten non-force
1311 -5.8 Threaten to reduce or stop aid
1312 -5.8 Threaten with sanctions, boycott, embargo
1313 -5.8 Threaten to reduce or break relations
132 -5.8 Threaten with administrative sanctions
1321 -5.8 Threaten with restrictions on political freedoms
1322 -5.8 Threaten to ban political parties or politicians
1323 -5.8 Threaten to impose curfew
1324 -5.8 Threaten to impose state of emergency or martial law
133 -5.8 Threaten with political dissent, protest
134 -5.8 Threaten to halt negotiations
135 -5.8 Threaten to halt mediation
136 -7.0 Threaten to halt international involvement
137 -7.0 Threaten with repression
138 -7.0 Threaten with military force
1381 -7.0 Threaten blockade
1382 -7.0 Threaten occupation
1383 -7.0 Threaten unconventional violence
1384 -7.0 Threaten conventional attack
1385 -7.0 Threaten attack with WMD
139 -7.0 Give ultimatum
140 -6.5 Engage in political dissent
141 -6.5 Demonstrate or rally
1411 -6.5 Demonstrate for leadership change
1412 -6.5 Demonstrate for policy change
1413 -6.5 Demonstrate for rights
1414 -6.5 Demonstrate for change in institutions, regime
142 -6.5 Conduct hunger strike
1421 -6.5 Conduct hunger strike for leadership change
1422 -6.5 Conduct hunger strike for policy change
1423 -6.5 Conduct hunger strike for rights
1424 -6.5 Conduct hunger strike for change in institutions, regime
143 -6.5 Conduct strike or boycott
1431 -6.5 Conduct strike or boycott for leadership change
1432 -6.5 Conduct strike or boycott for policy change
1433 -6.5 Conduct strike or boycott for rights
1434 -6.5 Conduct strike or boycott for change in institutions, regime
144 -7.5 Obstruct passage, block
1441 -7.5 Obstruct passage to demand leadership change
1442 -7.5 Obstruct passage to demand policy change
1443 -7.5 Obstruct passage to demand rights
1444 -7.5 Obstruct passage to demand change in institutions, regime
145 -7.5 Protest violently, riot
1451 -7.5 Engage in violent protest for leadership change
1452 -7.5 Engage in violent protest for policy change
1453 -7.5 Engage in violent protest for rights
1454 -7.5 Engage in violent protest for change in institutions, regime
150 -7.2 Demonstrate military or police power
151 -7.2 Increase police alert status
152 -7.2 Increase military alert status
153 -7.2 Mobilize or increase police power
154 -7.2 Mobilize or increase armed forces
160 -4.0 Reduce relations
161 -4.0 Reduce or break diplomatic relations
162 -5.6 Reduce or stop material aid
1621 -5.6 Reduce or stop economic assistance
1622 -5.6 Reduce or stop military assistance
1623 -5.6 Reduce or stop humanitarian assistance
163 -8.0 Impose embargo, boycott, or sanctions
164 -7.0 Halt negotiations
165 -6.5 Halt mediation
166 -7.0 Expel or withdraw
1661 -7.0 Expel or withdraw peacekeepers
1662 -7.0 Expel or withdraw inspectors, observers
1663 -7.0 Expel or withdraw aid agencies
170 -7.0 Coerce
171 -9.2 Seize or damage property
1711 -9.2 Confiscate property
1712 -9.2 Destroy property
172 -5.0 Impose administrative sanctions
1721 -5.0 Impose restrictions on political freedoms
1722 -5.0 Ban political parties or politicians
1723 -5.0 Impose curfew
1724 -5.0 Impose state of emergency or martial law
173 -5.0 Arrest, detain, or charge with legal action
174 -5.0 Expel or deport individuals
175 -9.0 Use tactics of violent repression
180 -9.0 Use unconventional violence
181 -9.0 Abduct, hijack, or take hostage
182 -9.5 Physically assault
1821 -9.0 Sexually assault
1822 -9.0 Torture
1823 -10.0 Kill by physical assault
183 -10.0 Conduct suicide, car, or other non-military bombing
1831 -10.0 Carry out suicide bombing
1832 -10.0 Carry out car bombing
1833 -10.0 Carry out roadside bombing
184 -8.0 Use as human shield
185 -8.0 Attempt to assassinate
186 -10.0 Assassinate
190 -10.0 Use conventional military force
191 -9.5 Impose blockade, restrict movement
192 -9.5 Occupy territory
193 -10.0 Fight with small arms and light weapons
194 -10.0 Fight with artillery and tanks
195 -10.0 Employ aerial weapons
196 -9.5 Violate ceasefire
200 -10.0 Use unconventional mass violence
201 -9.5 Engage in mass expulsion
202 -10.0 Engage in mass killings
203 -10.0 Engage in ethnic cleansing
204 -10.0 Use weapons of mass destruction
2041 -10.0 Use chemical, biological, or radiological weapons
2042 -10.0 Detonate nuclear weapons
`;

/** The quad class CAMEO puts a root in. */
export function quadClassOfRoot(root: string): QuadClass {
  const n = Number(root);
  if (n <= 5) return 1;
  if (n <= 8) return 2;
  if (n <= 13) return 3;
  return 4;
}

function entry(code: string, goldstein: number, name: string): CameoCode {
  const root = code.slice(0, 2);
  return Object.freeze({ code, name, root, quadClass: quadClassOfRoot(root), goldstein });
}

/** The 20 roots, `01` to `20`, with their names and Goldstein values. */
export const CAMEO_ROOTS: readonly CameoCode[] = Object.freeze(ROOTS.map(([code, g, name]) => entry(code, g, name)));

/** Every code of the codebook, roots first then 3- and 4-digit codes in codebook order. */
export const CAMEO_CODES: readonly CameoCode[] = Object.freeze([
  ...CAMEO_ROOTS,
  ...CODES.trim()
    .split('\n')
    .map((line) => {
      const match = /^(\d{3,4}) (-?\d+\.\d) (.+)$/.exec(line);
      if (!match) throw new Error(`malformed CAMEO table line: ${line}`);
      return entry(match[1]!, Number(match[2]), match[3]!);
    }),
]);

const byCode = new Map(CAMEO_CODES.map((c) => [c.code, c]));

/** True when `code` is exactly a code of the codebook (a root such as `04`, or `040`, `0211` ...). */
export function isCameoCode(code: string): boolean {
  return byCode.has(code);
}

/**
 * What a CAMEO code means. Codes the table lacks but coders emit resolve to their nearest ancestor: an unknown
 * 4-digit code to its 3-digit parent (or the root when that is unknown too), an unknown 3-digit code to its root;
 * the returned entry is the ancestor's, with its own `code`. Roots come as GDELT's EventRootCode writes them
 * (`04`) and as some dictionaries do (`040`, which the codebook also holds as "Consult, not specified").
 * Surrounding whitespace is ignored. Anything else (not 2–4 digits, or a root outside 01–20) is undefined.
 */
export function cameoCode(code: string): CameoCode | undefined {
  const c = code.trim();
  if (!/^\d{2,4}$/.test(c)) return undefined;
  const root = byCode.get(c.slice(0, 2));
  if (!root) return undefined;
  return byCode.get(c) ?? (c.length === 4 ? byCode.get(c.slice(0, 3)) : undefined) ?? root;
}
