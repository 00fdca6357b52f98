/**
 * GDELT 2.0 Event table: one tab-separated line of 61 fields per event, in GDELT's column order, no header
 * unless asked for (GDELT's files have none). Fields eventwire has no value for are empty. Tabs, line breaks and
 * other control characters inside values become spaces, so a row is always exactly one line of 61 fields.
 */
import type { EventActor } from '../types.js';
import { actorCode, actorParts, dateParts, exportDate, type ExportRow } from './rows.js';

/** Per-export values shared by every row. */
interface GdeltContext {
  /** DATEADDED, `YYYYMMDDHHMMSS` UTC. */
  dateAdded: string;
}

interface ColumnSpec {
  name: string;
  doc: string;
  fill: (row: ExportRow, ctx: GdeltContext) => string | number | undefined;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function dayParts(row: ExportRow) {
  return dateParts(exportDate(row).date);
}

/** GDELT's FractionDate: year + ((month - 1) * 30 + day) / 365, four decimals; needs a day-precise date. */
function fractionDate(row: ExportRow): string | undefined {
  const p = dayParts(row);
  if (p?.month === undefined || p.day === undefined) return undefined;
  return (p.year + ((p.month - 1) * 30 + p.day) / 365).toFixed(4);
}

/** The ten columns describing one actor. */
function actorColumns(n: 1 | 2, pick: (row: ExportRow) => EventActor): ColumnSpec[] {
  const who = n === 1 ? 'source (Actor1)' : 'target (Actor2)';
  const type = (i: number): ColumnSpec => ({
    name: `Actor${n}Type${i + 1}Code`,
    doc: `Agent type code #${i + 1} of the ${who} code (GOV, MIL, REB ...), in code order.`,
    fill: (row) => actorParts(pick(row)).types[i],
  });
  return [
    {
      name: `Actor${n}Code`,
      doc: `The ${who} CAMEO actor code as coded; empty when the side is empty or unknown (---).`,
      fill: (row) => actorCode(pick(row)),
    },
    {
      name: `Actor${n}Name`,
      doc: `The words the ${who} was coded from, as in the text (GDELT has the dictionary name here).`,
      fill: (row) => pick(row).text,
    },
    {
      name: `Actor${n}CountryCode`,
      doc: `The ${who} country: the actor's country, else the code's first part if a country or CAMEO region.`,
      fill: (row) => actorParts(pick(row)).country,
    },
    {
      name: `Actor${n}KnownGroupCode`,
      doc: `The first part of the ${who} code that is neither country, agent type nor religion (UNO, TAL ...).`,
      fill: (row) => actorParts(pick(row)).knownGroup,
    },
    { name: `Actor${n}EthnicCode`, doc: 'Empty: eventwire codes no ethnicity.', fill: () => undefined },
    {
      name: `Actor${n}Religion1Code`,
      doc: `First CAMEO religion code in the ${who} code (MOS, CHR ...).`,
      fill: (row) => actorParts(pick(row)).religions[0],
    },
    {
      name: `Actor${n}Religion2Code`,
      doc: `Second CAMEO religion code in the ${who} code (SUN, CTH ...).`,
      fill: (row) => actorParts(pick(row)).religions[1],
    },
    type(0),
    type(1),
    type(2),
  ];
}

/** The eight columns describing a place. */
function geoColumns(
  prefix: string,
  what: string,
  place?: (row: ExportRow) => { name: string } | undefined,
): ColumnSpec[] {
  const none = `Empty: eventwire does not geocode places (${what}).`;
  return [
    {
      name: `${prefix}_Type`,
      doc: `Empty: eventwire does not resolve places to GDELT's geographic types (${what}).`,
      fill: () => undefined,
    },
    {
      name: `${prefix}_FullName`,
      doc: place ? `The place name the text states for the ${what}.` : `Empty: eventwire does not locate the ${what}.`,
      fill: (row) => place?.(row)?.name,
    },
    {
      name: `${prefix}_CountryCode`,
      doc: 'Empty: GDELT writes FIPS 10-4 codes here and eventwire holds ISO ones (CSV and PLOVER exports carry them).',
      fill: () => undefined,
    },
    { name: `${prefix}_ADM1Code`, doc: none, fill: () => undefined },
    { name: `${prefix}_ADM2Code`, doc: none, fill: () => undefined },
    { name: `${prefix}_Lat`, doc: none, fill: () => undefined },
    { name: `${prefix}_Long`, doc: none, fill: () => undefined },
    { name: `${prefix}_FeatureID`, doc: none, fill: () => undefined },
  ];
}

/** The event code as GDELT writes it: at least 3 digits (a root `04` is `040`). */
function eventCode(row: ExportRow): string {
  const code = row.event.code.trim();
  return /^\d{2}$/.test(code) ? `${code}0` : code;
}

const COLUMNS: readonly ColumnSpec[] = [
  { name: 'GlobalEventID', doc: 'The row\'s eventId.', fill: (row) => row.eventId },
  {
    name: 'Day',
    doc: 'YYYYMMDD: the coded date, else the article\'s publication day; empty when only a month or year is known.',
    fill: (row) => {
      const p = dayParts(row);
      return p?.month !== undefined && p.day !== undefined ? `${p.year}${pad(p.month)}${pad(p.day)}` : undefined;
    },
  },
  {
    name: 'MonthYear',
    doc: 'YYYYMM of the same date; empty when only the year is known.',
    fill: (row) => {
      const p = dayParts(row);
      return p?.month !== undefined ? `${p.year}${pad(p.month)}` : undefined;
    },
  },
  { name: 'Year', doc: 'YYYY of the same date.', fill: (row) => dayParts(row)?.year },
  {
    name: 'FractionDate',
    doc: 'YYYY.FFFF as GDELT computes it, year + ((month - 1) * 30 + day) / 365; empty without a day-precise date.',
    fill: fractionDate,
  },
  ...actorColumns(1, (row) => row.event.source),
  ...actorColumns(2, (row) => row.event.target),
  {
    name: 'IsRootEvent',
    doc: '1 when the evidence sentence opens the text (eventwire has no paragraphs here to find the lead), else 0.',
    fill: (row) => (row.event.evidence.sentence.start === 0 ? 1 : 0),
  },
  { name: 'EventCode', doc: 'The CAMEO event code as coded (a bare root `04` written `040`).', fill: eventCode },
  { name: 'EventBaseCode', doc: 'The first three digits of EventCode.', fill: (row) => eventCode(row).slice(0, 3) },
  {
    name: 'EventRootCode',
    doc: 'The event\'s CAMEO root, two digits.',
    fill: (row) => row.event.root || eventCode(row).slice(0, 2),
  },
  { name: 'QuadClass', doc: 'The event\'s quad class, 1 to 4.', fill: (row) => row.event.quadClass },
  {
    name: 'GoldsteinScale',
    doc: 'The event\'s Goldstein score (-10 to +10), one decimal.',
    fill: (row) => (Number.isFinite(row.event.goldstein) ? row.event.goldstein.toFixed(1) : undefined),
  },
  { name: 'NumMentions', doc: '1: each row is one mention, in one article.', fill: () => 1 },
  { name: 'NumSources', doc: '1: one source (the article\'s outlet).', fill: () => 1 },
  { name: 'NumArticles', doc: '1: one article.', fill: () => 1 },
  { name: 'AvgTone', doc: 'Empty: eventwire measures no tone.', fill: () => undefined },
  ...geoColumns('Actor1Geo', 'source actor'),
  ...geoColumns('Actor2Geo', 'target actor'),
  ...geoColumns('ActionGeo', 'action', (row) => row.event.location),
  {
    name: 'DATEADDED',
    doc: 'YYYYMMDDHHMMSS (UTC) of the export, or the dateAdded option.',
    fill: (_row, ctx) => ctx.dateAdded,
  },
  {
    name: 'SOURCEURL',
    doc: 'The article URL, else its outlet, else its id (GDELT writes a citation when there is no URL).',
    fill: (row) => row.article.url ?? row.article.outlet ?? row.article.id,
  },
];

/** GDELT 2.0 Event table columns in order, each with how eventwire fills it. */
export const GDELT_EVENT_COLUMNS: readonly { readonly name: string; readonly doc: string }[] = Object.freeze(
  COLUMNS.map(({ name, doc }) => Object.freeze({ name, doc })),
);

export interface GdeltOptions {
  /** Start with a header line of column names (GDELT's own files have none). */
  header?: boolean;
  /** DATEADDED for every row; default: the time of the export. */
  dateAdded?: Date;
}

/** `YYYYMMDDHHMMSS` in UTC. */
function gdeltTimestamp(d: Date): string {
  const date = `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
  return `${date}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}

/** A value made safe for a TSV field: tabs, line breaks and other control characters become spaces. */
export function tsvField(value: string | number | undefined): string {
  return value === undefined ? '' : String(value).replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, ' ');
}

/** One event as GDELT's 61 fields, each already safe for TSV. */
export function gdeltRow(row: ExportRow, options: Pick<GdeltOptions, 'dateAdded'> = {}): string[] {
  const ctx: GdeltContext = { dateAdded: gdeltTimestamp(options.dateAdded ?? new Date()) };
  return COLUMNS.map((c) => tsvField(c.fill(row, ctx)));
}

/** Events as a GDELT 2.0 Event table: one line per event, each line ending in `\n`. */
export function toGdeltTsv(rows: readonly ExportRow[], options: GdeltOptions = {}): string {
  const dateAdded = options.dateAdded ?? new Date();
  const lines = rows.map((row) => gdeltRow(row, { dateAdded }).join('\t'));
  if (options.header) lines.unshift(COLUMNS.map((c) => c.name).join('\t'));
  return lines.map((line) => `${line}\n`).join('');
}
