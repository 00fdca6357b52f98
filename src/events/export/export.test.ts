import { describe, expect, it } from 'vitest';
import type { CodedEvent } from '../types.js';
import {
  EXPORT_FORMATS,
  FLAT_COLUMNS,
  GDELT_EVENT_COLUMNS,
  exportEvents,
  flattenRow,
  gdeltRow,
  isExportFormat,
  ploverRecord,
  toCsv,
  toGdeltTsv,
  toJsonl,
  toPloverJson,
  type ExportRow,
  type FlatValue,
  type PloverRecord,
} from './index.js';

/** "US officials visited Pyongyang": a CONSULT visit, built by hand as the coder would. */
function visitEvent(over: Partial<CodedEvent> = {}): CodedEvent {
  return {
    source: { code: 'USAGOV', entity: 'e1', text: 'US officials', range: { start: 0, end: 12 }, country: 'USA' },
    target: { code: 'PRKGOV', text: 'North Korea', range: { start: 40, end: 51 } },
    code: '042',
    root: '04',
    quadClass: 1,
    goldstein: 1.9,
    plover: { category: 'CONSULT', mode: 'visit' },
    date: '2024-03-05',
    dateSource: 'timex',
    location: { name: 'Pyongyang', range: { start: 21, end: 30 }, country: 'PRK' },
    negated: false,
    modality: 'asserted',
    attribution: { span: 3, chain: [{ name: 'Kim', role: 'speaker', entity: 'e9' }, { name: 'Reuters', role: 'wire' }] },
    evidence: { sentence: { start: 0, end: 60 }, trigger: [{ start: 13, end: 20 }] },
    confidence: 0.9,
    rule: 'verbs.txt:812',
    ...over,
  };
}

function row(over: Partial<CodedEvent> = {}, eventId = 1, article: ExportRow['article'] = defaultArticle): ExportRow {
  return { event: visitEvent(over), article, eventId };
}

const defaultArticle: ExportRow['article'] = {
  id: 'a1',
  url: 'https://example.org/news/1',
  outlet: 'Example News',
  published: '2024-03-06T09:00:00Z',
  title: 'Talks in Pyongyang',
};

/** Text built to break naive writers: separators of every format, quotes, line breaks of every kind. */
const HOSTILE = 'Al\t"Qa,ida"\n\r\nnew\rline\u2028sep\u2029par\u0085nel\u000b\u000c\u0000 end, "quoted"';

/** An event whose every free-text field is hostile. */
function hostileRow(eventId = 7): ExportRow {
  return row(
    {
      source: { code: 'SYRREB', text: HOSTILE, entity: HOSTILE },
      target: { code: null, text: `${HOSTILE}\t\t` },
      location: { name: HOSTILE, range: { start: 1, end: 2 } },
      attribution: { span: 1, chain: [{ name: HOSTILE, role: 'speaker' }] },
      rule: HOSTILE,
    },
    eventId,
    { id: HOSTILE, url: `https://x.org/a\tb\nc`, outlet: HOSTILE, title: HOSTILE, published: '2024-03-06' },
  );
}

/** Every character sequence any common reader (JS, Python splitlines, RFC 4180) takes as a line break. */
const ANY_LINE_BREAK = /\r\n|[\n\r\u000b\u000c\u001c\u001d\u001e\u0085\u2028\u2029]/;

const GDELT_NAMES = [
  'GlobalEventID', 'Day', 'MonthYear', 'Year', 'FractionDate',
  ...[1, 2].flatMap((n) => [
    `Actor${n}Code`, `Actor${n}Name`, `Actor${n}CountryCode`, `Actor${n}KnownGroupCode`, `Actor${n}EthnicCode`,
    `Actor${n}Religion1Code`, `Actor${n}Religion2Code`, `Actor${n}Type1Code`, `Actor${n}Type2Code`, `Actor${n}Type3Code`,
  ]),
  'IsRootEvent', 'EventCode', 'EventBaseCode', 'EventRootCode', 'QuadClass', 'GoldsteinScale',
  'NumMentions', 'NumSources', 'NumArticles', 'AvgTone',
  ...['Actor1Geo', 'Actor2Geo', 'ActionGeo'].flatMap((g) =>
    ['Type', 'FullName', 'CountryCode', 'ADM1Code', 'ADM2Code', 'Lat', 'Long', 'FeatureID'].map((f) => `${g}_${f}`),
  ),
  'DATEADDED', 'SOURCEURL',
];

const ADDED = new Date(Date.UTC(2024, 2, 6, 12, 0, 0));

/** A GDELT row as a name → value map. */
function gdeltFields(r: ExportRow): Record<string, string> {
  const values = gdeltRow(r, { dateAdded: ADDED });
  return Object.fromEntries(GDELT_EVENT_COLUMNS.map((c, i) => [c.name, values[i]!]));
}

describe('GDELT export', () => {
  it('has GDELT 2.0\'s 61 event columns in order, each documented on one line', () => {
    expect(GDELT_NAMES).toHaveLength(61);
    expect(GDELT_EVENT_COLUMNS.map((c) => c.name)).toEqual(GDELT_NAMES);
    for (const c of GDELT_EVENT_COLUMNS) {
      expect(c.doc.length, c.name).toBeGreaterThan(5);
      expect(c.doc).not.toMatch(/\n/);
    }
  });

  it('fills what eventwire knows and leaves the rest empty', () => {
    const f = gdeltFields(row());
    expect(f).toMatchObject({
      GlobalEventID: '1',
      Day: '20240305',
      MonthYear: '202403',
      Year: '2024',
      FractionDate: '2024.1781',
      Actor1Code: 'USAGOV',
      Actor1Name: 'US officials',
      Actor1CountryCode: 'USA',
      Actor1Type1Code: 'GOV',
      Actor1Type2Code: '',
      Actor1KnownGroupCode: '',
      Actor1EthnicCode: '',
      Actor2Code: 'PRKGOV',
      Actor2CountryCode: 'PRK',
      Actor2Type1Code: 'GOV',
      IsRootEvent: '1',
      EventCode: '042',
      EventBaseCode: '042',
      EventRootCode: '04',
      QuadClass: '1',
      GoldsteinScale: '1.9',
      NumMentions: '1',
      NumSources: '1',
      NumArticles: '1',
      AvgTone: '',
      Actor1Geo_FullName: '',
      ActionGeo_Type: '',
      ActionGeo_FullName: 'Pyongyang',
      ActionGeo_CountryCode: '',
      ActionGeo_Lat: '',
      DATEADDED: '20240306120000',
      SOURCEURL: 'https://example.org/news/1',
    });
  });

  it('splits 4-digit codes, writes bare roots as 3 digits, reads religions and groups', () => {
    const f = gdeltFields(
      row({
        code: '1721',
        root: '17',
        quadClass: 4,
        goldstein: -5,
        source: { code: 'AFGINSTALMOS', text: 'Taliban' },
        target: { code: 'IGOUNO', text: 'UN' },
        evidence: { sentence: { start: 80, end: 120 }, trigger: [] },
      }),
    );
    expect([f.EventCode, f.EventBaseCode, f.EventRootCode, f.QuadClass, f.GoldsteinScale, f.IsRootEvent]).toEqual([
      '1721', '172', '17', '4', '-5.0', '0',
    ]);
    expect([f.Actor1CountryCode, f.Actor1Type1Code, f.Actor1KnownGroupCode, f.Actor1Religion1Code]).toEqual(['AFG', 'INS', 'TAL', 'MOS']);
    expect([f.Actor2CountryCode, f.Actor2Type1Code, f.Actor2KnownGroupCode]).toEqual(['', 'IGO', 'UNO']);
    const root = gdeltFields(row({ code: '04', root: '04' }));
    expect([root.EventCode, root.EventBaseCode, root.EventRootCode]).toEqual(['040', '040', '04']);
  });

  it('dates from the coded date, else the publication day, at the precision known', () => {
    const month = gdeltFields(row({ date: '2024-03' }));
    expect([month.Day, month.MonthYear, month.Year, month.FractionDate]).toEqual(['', '202403', '2024', '']);
    const year = gdeltFields(row({ date: '2023' }));
    expect([year.Day, year.MonthYear, year.Year]).toEqual(['', '', '2023']);
    const published = gdeltFields(row({ date: undefined, dateSource: 'none' }));
    expect([published.Day, published.FractionDate]).toEqual(['20240306', '2024.1808']);
    const rss = gdeltFields(row({ date: undefined }, 1, { id: 'a', published: 'Wed, 06 Mar 2024 23:30:00 GMT' }));
    expect(rss.Day).toBe('20240306');
    const none = gdeltFields(row({ date: undefined }, 1, { id: 'a2', published: '2024' }));
    expect([none.Day, none.MonthYear, none.Year, none.SOURCEURL]).toEqual(['', '', '', 'a2']);
    // GDELT's fraction: Jan 1 is just above the year, Dec 31 stays below the next
    expect(gdeltFields(row({ date: '2024-01-01' })).FractionDate).toBe('2024.0027');
    expect(gdeltFields(row({ date: '2024-12-31' })).FractionDate).toBe('2024.9890');
  });

  it('leaves empty and unknown actors empty', () => {
    const f = gdeltFields(row({ target: { code: '---' }, source: { code: null } }));
    for (const n of [1, 2]) {
      for (const field of ['Code', 'Name', 'CountryCode', 'KnownGroupCode', 'Type1Code']) expect(f[`Actor${n}${field}`]).toBe('');
    }
  });

  it('keeps every row one line of exactly 61 fields, whatever the names hold', () => {
    const rows = [hostileRow(1), row({}, 2), hostileRow(3)];
    const tsv = toGdeltTsv(rows, { dateAdded: ADDED });
    expect(tsv.endsWith('\n')).toBe(true);
    const lines = tsv.slice(0, -1).split(ANY_LINE_BREAK);
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line.split('\t')).toHaveLength(61);
    const f = gdeltFields(hostileRow());
    expect(f.Actor1Name).toContain('"Qa,ida"');
    expect(f.Actor1Name).not.toMatch(/[\t\n\r]/);
    expect(f.SOURCEURL).toBe('https://x.org/a b c');
  });

  it('writes no header unless asked, one line per event', () => {
    expect(toGdeltTsv([])).toBe('');
    const withHeader = toGdeltTsv([row()], { header: true, dateAdded: ADDED }).split('\n');
    expect(withHeader[0]).toBe(GDELT_NAMES.join('\t'));
    expect(withHeader[1]!.split('\t')[0]).toBe('1');
    expect(toGdeltTsv([row()], { dateAdded: ADDED }).startsWith('1\t20240305\t')).toBe(true);
  });
});

/** A small RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks; records end in CRLF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        field += c;
        i++;
      }
    } else if (c === '"') {
      if (field !== '') throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
      i++;
    } else if (c === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else if (c === '\r' || c === '\n') {
      throw new Error(`bare line break outside quotes at ${i}`);
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || record.length) throw new Error('last record lacks its CRLF');
  return records;
}

const csvText = (v: FlatValue) => (v === null ? '' : String(v));

describe('CSV export', () => {
  it('starts with the header', () => {
    expect(toCsv([])).toBe(`${FLAT_COLUMNS.join(',')}\r\n`);
  });

  it('round-trips through an RFC 4180 reader, hostile text included', () => {
    const rows = [row(), hostileRow(2), row({ target: { code: null }, location: undefined, attribution: undefined }, 3)];
    const records = parseCsv(toCsv(rows));
    expect(records[0]).toEqual([...FLAT_COLUMNS]);
    expect(records).toHaveLength(rows.length + 1);
    rows.forEach((r, i) => {
      const flat = flattenRow(r);
      expect(records[i + 1]).toEqual(FLAT_COLUMNS.map((c) => csvText(flat[c])));
    });
    expect(records[2]![FLAT_COLUMNS.indexOf('source_text')]).toBe(HOSTILE);
  });

  it('quotes only fields that need it', () => {
    const line = toCsv([row()]).split('\r\n')[1]!;
    expect(line.startsWith('1,a1,https://example.org/news/1,Example News,')).toBe(true);
    expect(line).toContain(',Kim (speaker) > Reuters (wire),');
    expect(line).toContain(',13-20,0.9,verbs.txt:812');
  });
});

describe('flat record', () => {
  it('holds the event, its actors, coding and evidence', () => {
    expect(flattenRow(row())).toEqual({
      event_id: 1,
      article_id: 'a1',
      article_url: 'https://example.org/news/1',
      article_outlet: 'Example News',
      article_published: '2024-03-06T09:00:00Z',
      article_title: 'Talks in Pyongyang',
      date: '2024-03-05',
      date_source: 'timex',
      source_code: 'USAGOV',
      source_country: 'USA',
      source_entity: 'e1',
      source_text: 'US officials',
      source_start: 0,
      source_end: 12,
      target_code: 'PRKGOV',
      target_country: 'PRK',
      target_entity: null,
      target_text: 'North Korea',
      target_start: 40,
      target_end: 51,
      cameo_code: '042',
      cameo_name: 'Make a visit',
      cameo_root: '04',
      quad_class: 1,
      goldstein: 1.9,
      plover_category: 'CONSULT',
      plover_mode: 'visit',
      location_name: 'Pyongyang',
      location_country: 'PRK',
      location_start: 21,
      location_end: 30,
      negated: false,
      modality: 'asserted',
      attribution_span: 3,
      attribution_chain: 'Kim (speaker) > Reuters (wire)',
      sentence_start: 0,
      sentence_end: 60,
      trigger: '13-20',
      confidence: 0.9,
      rule: 'verbs.txt:812',
    });
  });
});

describe('JSON Lines export', () => {
  it('writes one flat record per line, hostile text included', () => {
    const rows = [row(), hostileRow(2)];
    const text = toJsonl(rows);
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split(ANY_LINE_BREAK);
    expect(lines).toHaveLength(2);
    lines.forEach((line, i) => expect(JSON.parse(line)).toEqual(flattenRow(rows[i]!)));
    expect(Object.keys(JSON.parse(lines[0]!))).toEqual([...FLAT_COLUMNS]);
    expect(toJsonl([])).toBe('');
  });
});

describe('PLOVER export', () => {
  it('writes PLOVER\'s fields, then the CAMEO coding and the evidence', () => {
    const r = ploverRecord(row());
    expect(r).toMatchObject({
      event_id: 1,
      event_date: '2024-03-05',
      event_type: 'CONSULT',
      mode: ['visit'],
      context: [],
      quad_code: 1,
      source: [{ code: 'USA', sector: 'GOV', actor_text: 'US officials', cameo_code: 'USAGOV', entity: 'e1', range: { start: 0, end: 12 } }],
      recipient: [{ code: 'PRK', sector: 'GOV', actor_text: 'North Korea', cameo_code: 'PRKGOV' }],
      event_loc: { name: 'Pyongyang', cc3: 'PRK' },
      story_id: 'a1',
      story_date: '2024-03-06T09:00:00Z',
      cite_info: { url: 'https://example.org/news/1', title: 'Talks in Pyongyang', publication: 'Example News' },
      coder: 'eventwire',
      cameo: { code: '042', name: 'Make a visit', root: '04', quad_class: 1, goldstein: 1.9 },
      eventwire: {
        negated: false,
        modality: 'asserted',
        date_source: 'timex',
        confidence: 0.9,
        rule: 'verbs.txt:812',
        evidence: { sentence: { start: 0, end: 60 }, trigger: [{ start: 13, end: 20 }] },
      },
    });
    expect(r.eventwire.attribution?.chain).toHaveLength(2);
  });

  it('adds the crosswalk\'s contexts and how the text holds the event', () => {
    const r = ploverRecord(
      row({ code: '0311', root: '03', goldstein: 5.2, plover: { category: 'AGREE' }, negated: true, modality: 'promise' }),
    );
    expect(r.mode).toEqual([]);
    expect(r.context).toEqual(['economic', 'negation', 'future']);
    expect(ploverRecord(row({ modality: 'hypothetical' })).context).toEqual(['hypothetical']);
  });

  it('leaves empty sides empty and puts non-state codes first', () => {
    const r = ploverRecord(
      row({ source: { code: 'IGOUNOPKO', text: 'UN peacekeepers' }, target: { code: null }, location: undefined, date: undefined }),
    );
    expect(r.source).toEqual([{ code: 'IGO', sector: 'PKO', actor_text: 'UN peacekeepers', cameo_code: 'IGOUNOPKO' }]);
    expect(r.recipient).toEqual([]);
    expect(r.event_loc).toBeNull();
    expect([r.event_date, r.eventwire.date_source]).toEqual(['2024-03-06', 'published']);
  });

  it('uses PLOVER\'s quad class where it differs from CAMEO\'s', () => {
    // CAMEO 116 "find guilty" is verbal conflict; PLOVER codes it as a SANCTION, material conflict
    expect(ploverRecord(row({ code: '116', root: '11', quadClass: 3, plover: { category: 'SANCTION', mode: 'convict' } })).quad_code).toBe(4);
    expect(ploverRecord(row({ code: '010', root: '01', quadClass: 1, plover: { category: 'OTHER' } })).quad_code).toBe(1);
  });

  it('writes a JSON array, or one record a line', () => {
    const rows = [row(), hostileRow(2)];
    const array = JSON.parse(toPloverJson(rows)) as PloverRecord[];
    expect(array.map((r) => r.event_id)).toEqual([1, 2]);
    expect(array[1]!.source[0]!.actor_text).toBe(HOSTILE);
    expect(toPloverJson([])).toBe('[]\n');
    const lines = toPloverJson(rows, { lines: true }).slice(0, -1).split(ANY_LINE_BREAK);
    expect(lines.map((l) => (JSON.parse(l) as PloverRecord).event_id)).toEqual([1, 2]);
  });
});

describe('exportEvents', () => {
  it('offers the four formats', () => {
    expect(EXPORT_FORMATS).toEqual(['gdelt', 'plover', 'csv', 'jsonl']);
    expect(isExportFormat('csv')).toBe(true);
    expect(isExportFormat('xml')).toBe(false);
  });

  it('writes each format as its exporter does', () => {
    const rows = [row(), hostileRow(2)];
    expect(exportEvents('gdelt', rows, { dateAdded: ADDED })).toBe(toGdeltTsv(rows, { dateAdded: ADDED }));
    expect(exportEvents('gdelt', rows, { dateAdded: ADDED, header: true })).toBe(toGdeltTsv(rows, { dateAdded: ADDED, header: true }));
    expect(exportEvents('plover', rows)).toBe(toPloverJson(rows));
    expect(exportEvents('plover', rows, { lines: true })).toBe(toPloverJson(rows, { lines: true }));
    expect(exportEvents('csv', rows)).toBe(toCsv(rows));
    expect(exportEvents('jsonl', rows)).toBe(toJsonl(rows));
  });

  it('rejects an unknown format', () => {
    expect(() => exportEvents('xml' as never, [])).toThrow(/unknown export format/);
  });
});
