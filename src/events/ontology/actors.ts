/**
 * CAMEO actor codes as GDELT splits them: a code is a run of 3-letter parts (`USAGOV`, `IGOUNO`, `SYRREBMOS`),
 * the first a country (ISO 3166 alpha-3) or CAMEO region where there is one, the rest agent types (`GOV`, `MIL`),
 * religions (`MOS`, `CHR`) and known groups (`UNO`, `TAL`).
 */
import { createRequire } from 'node:module';
import type { Country } from 'world-countries';

// The package is CommonJS whose typings declare an ES default export; require() gives the array as it is.
const countries = createRequire(import.meta.url)('world-countries') as Country[];

/** CAMEO's regional actor codes, which stand where a country code would. */
export const CAMEO_REGIONS: Readonly<Record<string, string>> = Object.freeze({
  AFR: 'Africa',
  ASA: 'Asia',
  BLK: 'Balkans',
  CRB: 'Caribbean',
  CAU: 'Caucasus',
  CFR: 'Central Africa',
  CAS: 'Central Asia',
  CEU: 'Central Europe',
  EIN: 'East Indies',
  EAF: 'Eastern Africa',
  EEU: 'Eastern Europe',
  EUR: 'Europe',
  LAM: 'Latin America',
  MEA: 'Middle East',
  MDT: 'Mediterranean',
  NAF: 'North Africa',
  NMR: 'North America',
  PGS: 'Persian Gulf',
  SCN: 'Scandinavia',
  SAM: 'South America',
  SAS: 'South Asia',
  SEA: 'Southeast Asia',
  SAF: 'Southern Africa',
  WAF: 'West Africa',
  WST: 'The West',
});

/** Country codes CAMEO dictionaries use besides today's ISO ones: former states and the Palestinian territories. */
const EXTRA_COUNTRIES = ['YUG', 'SCG', 'CSK', 'DDR', 'WSB', 'GZS'];

const countryCodes: ReadonlySet<string> = new Set([...countries.map((c) => c.cca3), ...EXTRA_COUNTRIES]);

/**
 * CAMEO agent (type) codes, as in GDELT's CAMEO.type lookup. Organisations that lookup also lists as types
 * (UNO, AMN, IRC, GRP) are left out here so they land in the known-group field, where GDELT users look for them.
 */
export const CAMEO_AGENT_TYPES: Readonly<Record<string, string>> = Object.freeze({
  COP: 'Police forces',
  GOV: 'Government',
  INS: 'Insurgents',
  JUD: 'Judiciary',
  MIL: 'Military',
  OPP: 'Political opposition',
  REB: 'Rebels',
  SEP: 'Separatist rebels',
  SPY: 'State intelligence',
  UAF: 'Unaligned armed forces',
  AGR: 'Agriculture',
  BUS: 'Business',
  CRM: 'Criminal',
  CVL: 'Civilian',
  DEV: 'Development',
  EDU: 'Education',
  ELI: 'Elites',
  ENV: 'Environmental',
  HLH: 'Health',
  HRI: 'Human rights',
  LAB: 'Labor',
  LEG: 'Legislature',
  MED: 'Media',
  REF: 'Refugees',
  MOD: 'Moderate',
  RAD: 'Radical',
  PKO: 'Peacekeepers',
  UIS: 'Unidentified state actor',
  IGO: 'Inter-governmental organization',
  IMG: 'International militarized group',
  INT: 'International/transnational generic',
  MNC: 'Multinational corporation',
  NGM: 'Non-governmental movement',
  NGO: 'Non-governmental organization',
  SET: 'Settler',
  PTY: 'Political party',
});

/** CAMEO religion codes (CAMEO Religion Coding System, top levels and the common sub-codes). */
export const CAMEO_RELIGIONS: Readonly<Record<string, string>> = Object.freeze({
  ADR: 'African diasporic religion',
  ALE: 'Alewi',
  ATH: 'Agnostic, atheist',
  BAH: "Bahá'í",
  BUD: 'Buddhism',
  CHR: 'Christianity',
  CON: 'Confucianism',
  CPT: 'Coptic',
  CTH: 'Catholic',
  DOX: 'Orthodox',
  DRZ: 'Druze',
  HIN: 'Hinduism',
  HSD: 'Hasidic',
  ITR: 'Indigenous tribal religion',
  JAN: 'Jainism',
  JEW: 'Judaism',
  JHW: "Jehovah's Witness",
  LDS: 'Latter Day Saints',
  MOS: 'Muslim',
  MRN: 'Maronite',
  NRM: 'New religious movement',
  PAG: 'Pagan',
  PRO: 'Protestant',
  SFI: 'Sufi',
  SHI: 'Shia',
  SHN: 'Shinto',
  SIK: 'Sikh',
  SUN: 'Sunni',
  TAO: 'Taoist',
  UDI: 'Ultra-orthodox Judaism',
  ZRO: 'Zoroastrian',
});

/** True for an ISO 3166 alpha-3 country code or a CAMEO region code. */
export function isCountryOrRegion(code: string): boolean {
  return countryCodes.has(code) || Object.hasOwn(CAMEO_REGIONS, code);
}

/** An actor code taken apart as GDELT's actor fields hold it. */
export interface ActorCodeParts {
  /** Country or region: the first part when it is one. */
  country?: string;
  /** The first part that is neither country, agent type nor religion (an organisation: `UNO`, `TAL`). */
  knownGroup?: string;
  /** Up to two religion codes, in order. */
  religions: string[];
  /** Up to three agent type codes, in order. */
  types: string[];
}

/**
 * Splits a CAMEO actor code into 3-letter parts. Empty, null and unknown (`---`) codes give no parts; letters
 * are upper-cased, anything that is not a letter ends the code, and a trailing part shorter than 3 is ignored.
 */
export function splitActorCode(code: string | null | undefined): ActorCodeParts {
  const parts: ActorCodeParts = { religions: [], types: [] };
  const letters = /^[A-Za-z]*/.exec(code ?? '')![0].toUpperCase();
  for (let i = 0; i + 3 <= letters.length; i += 3) {
    const part = letters.slice(i, i + 3);
    if (i === 0 && isCountryOrRegion(part)) parts.country = part;
    else if (Object.hasOwn(CAMEO_AGENT_TYPES, part)) {
      if (parts.types.length < 3) parts.types.push(part);
    } else if (Object.hasOwn(CAMEO_RELIGIONS, part)) {
      if (parts.religions.length < 2) parts.religions.push(part);
    } else parts.knownGroup ??= part;
  }
  return parts;
}

const countryNames: ReadonlyMap<string, string> = new Map(countries.map((c) => [c.cca3, c.name.common]));

/**
 * A readable name for an actor code: `USAGOV` → "United States: Government", `PRK` → "North Korea"; the code
 * itself where no part is known.
 */
export function actorCodeLabel(code: string): string {
  const parts = splitActorCode(code);
  const country = parts.country && (countryNames.get(parts.country) ?? CAMEO_REGIONS[parts.country]);
  const rest = [
    ...(parts.knownGroup ? [parts.knownGroup] : []),
    ...parts.types.map((t) => CAMEO_AGENT_TYPES[t]!),
    ...parts.religions.map((r) => CAMEO_RELIGIONS[r]!),
  ];
  if (!country) return rest.length > 0 && !parts.knownGroup ? rest.join(', ') : code;
  return rest.length > 0 ? `${country}: ${rest.join(', ')}` : country;
}
