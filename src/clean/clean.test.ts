import { describe, expect, it } from 'vitest';
import type { SourceText } from '../readers/types.js';
import { cleanSource } from './index.js';
import { parseByline, parseDateLine, parseDateline } from './metadata.js';

function source(text: string, hints: SourceText['hints'] = {}, format: SourceText['format'] = 'txt'): SourceText {
  return { uri: '/tmp/input.txt', format, text, encoding: 'utf-8', hints };
}

function reasonsOf(doc: ReturnType<typeof cleanSource>[number]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const s of doc.removed) (out[s.reason] ??= []).push(doc.slice(s));
  return out;
}

// Invented text about a port strike: the rules must not depend on the storyline they were tuned on.
const HARBOUR = [
  'Follow the Lakeside Courier on WhatsApp for breaking updates',
  '',
  'Dock workers walk out as talks with port authority collapse',
  '',
  'Strikers gather outside Gate 4 on Tuesday morning. (Courier Photo/Ana Ruiz)',
  'Published 7:15 a.m. CT March 3, 2021',
  'By Ana Ruiz and Tom Becker | Lakeside Courier',
  '',
  'PORT ELLEN, Mich. (Lakeside Courier) — More than 600 dock workers walked off the job on Tuesday after negotiations over night-shift pay broke down.',
  '',
  'Union leaders said the strike would last "as long as it takes."',
  '',
  'Advertisement',
  '',
  'What the union wants',
  '',
  'The union is asking for a 9 percent raise over three years and limits on mandatory overtime.',
  '',
  'Get the Morning Dispatch delivered to your inbox every weekday.',
  '',
  'The port authority did not respond to a request for comment (TV OUT) on Tuesday.',
  '',
  'Most Popular',
  'Council delays vote on ferry fares',
  'High school robotics team heads to state finals',
  '© 2021 Lakeside Courier. All rights reserved.',
].join('\n');

describe('cleaning a scraped article', () => {
  const [doc] = cleanSource(source(HARBOUR));
  const reasons = reasonsOf(doc!);
  const body = doc!.body().text;

  it('keeps the story from its first sentence to its last', () => {
    expect(body.startsWith('More than 600 dock workers walked off the job')).toBe(true);
    expect(body.endsWith('did not respond to a request for comment on Tuesday.')).toBe(true);
  });

  it('keeps short paragraphs and subheadings inside the story', () => {
    expect(body).toContain('Union leaders said the strike would last "as long as it takes."');
    expect(body).toContain('What the union wants');
  });

  it('removes promotion, newsletter, caption, credit, ads and trailing furniture with reasons', () => {
    expect(reasons.promo).toEqual(expect.arrayContaining(['Follow the Lakeside Courier on WhatsApp for breaking updates', 'Advertisement']));
    expect(reasons.newsletter).toEqual(['Get the Morning Dispatch delivered to your inbox every weekday.']);
    expect(reasons.caption).toEqual(['Strikers gather outside Gate 4 on Tuesday morning.']);
    expect(reasons.credit).toEqual(['(Courier Photo/Ana Ruiz)']);
    expect(reasons['agency-restriction']).toEqual(['(TV OUT)']);
    expect(reasons.chrome).toEqual(
      expect.arrayContaining(['Most Popular', 'Council delays vote on ferry fares', '© 2021 Lakeside Courier. All rights reserved.']),
    );
    for (const junk of ['WhatsApp', 'Gate 4', 'Most Popular', 'ferry fares', 'inbox', 'TV OUT']) expect(body).not.toContain(junk);
  });

  it('recovers headline, date, byline, dateline and outlet, each pointing at its text', () => {
    expect(doc!.fieldValue('title')).toBe('Dock workers walk out as talks with port authority collapse');
    expect(doc!.fieldValue('published')).toBe('2021-03-03');
    expect(doc!.fieldValue('author')).toBe('Ana Ruiz, Tom Becker');
    expect(doc!.fieldValue('dateline')).toBe('PORT ELLEN, Mich.');
    expect(doc!.fieldValue('outlet')).toBe('Lakeside Courier');
    const published = doc!.field('published')!;
    expect(doc!.slice(published)).toBe('7:15 a.m. CT March 3, 2021');
    expect(reasons.dateline).toEqual(['PORT ELLEN, Mich. (Lakeside Courier) —']);
  });

  it('never rewrites the original and accounts for every visible character', () => {
    expect(doc!.text).toBe(HARBOUR);
    const covered = new Array<boolean>(HARBOUR.length).fill(false);
    for (const s of [...doc!.kept, ...doc!.removed]) for (let i = s.start; i < s.end; i++) {
      expect(covered[i], `offset ${i} covered twice`).toBe(false);
      covered[i] = true;
    }
    const uncovered = [...HARBOUR].filter((ch, i) => !covered[i] && /\S/.test(ch));
    expect(uncovered).toEqual([]);
  });

  it('maps body offsets back to the original', () => {
    const view = doc!.body();
    const at = view.text.indexOf('600 dock workers');
    expect(HARBOUR.slice(view.toOriginal(at), view.toOriginal(at) + 16)).toBe('600 dock workers');
  });
});

describe('glued articles', () => {
  const first = [
    'Subscribe to the Valley Ledger YouTube channel',
    'Bridge repairs to close Route 9 for two weeks',
    'April 2, 2022',
    'Crews will begin replacing the deck of the Millers Creek bridge on Monday, the county roads office said.',
    'Detours will add about ten minutes to commutes between Ashford and Lyle.',
    'Latest News',
    'Comments',
  ];
  const second = [
    'Subscribe to the Valley Ledger YouTube channel',
    'Library board approves longer weekend hours',
    'By Priya Natarajan',
    'April 3, 2022',
    'The county library will stay open until 8 p.m. on Saturdays starting in May, after a unanimous board vote.',
    'Staff said the change follows a survey in which most respondents asked for evening hours.',
  ];
  const third = [
    'School district hires new superintendent',
    'ASHFORD — The school board on Thursday named Dana Whitfield, a former principal, as superintendent.',
    'Whitfield will start in July and replaces a superintendent who retired in January.',
  ];
  const text = [...first, '', ...second, '', ...third].join('\n');
  const docs = cleanSource(source(text));

  it('finds each article and its headline', () => {
    expect(docs.map((d) => d.fieldValue('title'))).toEqual([
      'Bridge repairs to close Route 9 for two weeks',
      'Library board approves longer weekend hours',
      'School district hires new superintendent',
    ]);
    expect(docs.map((d) => d.fieldValue('published') ?? null)).toEqual(['2022-04-02', '2022-04-03', null]);
    expect(docs[1]!.fieldValue('author')).toBe('Priya Natarajan');
    expect(docs[2]!.fieldValue('dateline')).toBe('ASHFORD');
  });

  it('cuts the text into exact slices that cover it', () => {
    expect(docs.map((d) => d.text).join('')).toBe(text);
    for (const d of docs) expect(text.slice(d.origin.start, d.origin.end)).toBe(d.text);
    expect(docs[0]!.body().text.endsWith('between Ashford and Lyle.')).toBe(true);
    expect(docs[1]!.body().text.startsWith('The county library will stay open')).toBe(true);
  });

  it('does not split an article at a subheading', () => {
    const single = [
      'Mayor unveils budget with no tax increase',
      'May 5, 2022',
      'The mayor presented a budget on Wednesday that holds property taxes flat for a third year.',
      'Where the money goes',
      'Public safety takes the largest share, followed by parks and road maintenance.',
      'Council members will hold two public hearings before the June vote.',
    ].join('\n');
    const result = cleanSource(source(single));
    expect(result).toHaveLength(1);
    expect(result[0]!.body().text).toContain('Where the money goes');
  });
});

describe('captions', () => {
  it('marks a reworded or truncated second caption as a repeat, with restrictions, credits and toggles apart', () => {
    const text = [
      'Ministers meet on fisheries deal',
      'Trade Minister Lena Koh speaks to reporters in Oslo, May 4, 2020. Photo by Erik Lund/ Nordic Press',
      'OSLO, NORWAY - MAY 4: (NO SALES) Trade Minister Lena Koh speaks to reporters in Oslo, Norway. (Photo by... OSLO, NORWAY - MAY 4: (NO SALES) Trade Minister Lena Koh speaks to reporters in Oslo, Norway. (Photo by Erik Lund/Pool/Getty Images) Show more',
      'Fisheries ministers from four countries met on Monday to settle quotas for the coming season.',
      'Negotiators said a deal could be signed before the end of the month.',
    ].join('\n');
    const [doc] = cleanSource(source(text));
    const reasons = reasonsOf(doc!);
    expect(reasons.caption).toHaveLength(1);
    expect(reasons['caption-repeat']!.length).toBeGreaterThanOrEqual(2);
    expect(reasons['agency-restriction']).toEqual(['(NO SALES)', '(NO SALES)']);
    expect(reasons.credit).toEqual(expect.arrayContaining(['Photo by Erik Lund/ Nordic Press', '(Photo by Erik Lund/Pool/Getty Images)']));
    expect(reasons.toggle).toEqual(['Show more']);
    expect(doc!.body().text.startsWith('Fisheries ministers from four countries')).toBe(true);
    // No body dateline: the photo's dateline is the best statement of place the page makes.
    expect(doc!.fieldValue('dateline')).toBe('OSLO, NORWAY');
  });
});

describe('input hints', () => {
  it('uses the input title to find the headline and fills fields the text does not state', () => {
    const text = 'Rail strike ends after 3 days\nTrains ran on time again on Friday after unions accepted the offer.\n';
    const [doc] = cleanSource(source(text, { title: 'Rail strike ends after 3 days', outlet: 'Metro Wire', published: '2023-09-08T21:30:00-04:00' }));
    expect(doc!.fieldValue('title')).toBe('Rail strike ends after 3 days');
    expect(doc!.field('title')!.rule).toBe('title/headline-line');
    expect(doc!.fieldValue('outlet')).toBe('Metro Wire');
    // The stated calendar day, not shifted to UTC.
    expect(doc!.fieldValue('published')).toBe('2023-09-08');
    expect(doc!.body().text).toBe('Trains ran on time again on Friday after unions accepted the offer.');
  });
});

describe('metadata parsers', () => {
  it('reads date lines in several styles and refuses prose that mentions a date', () => {
    expect(parseDateLine('June 21, 2018')?.date).toBe('2018-06-21');
    expect(parseDateLine('Published 10:42 a.m. ET Sept. 19, 2018')?.date).toBe('2018-09-19');
    expect(parseDateLine('Updated: 2018-07-08')).toMatchObject({ date: '2018-07-08', kind: 'updated' });
    expect(parseDateLine('Tuesday, 12 June 2018')?.date).toBe('2018-06-12');
    expect(parseDateLine('2021-03-18T12:22:00Z')?.date).toBe('2021-03-18');
    expect(parseDateLine('Thu, Sept. 20, 2018')?.date).toBe('2018-09-20');
    expect(parseDateLine('February 30, 2018')?.date).not.toBe('2018-02-30');
    expect(parseDateLine('The summit took place on June 12, 2018 in Singapore.')).toBeUndefined();
    expect(parseDateLine('JULY 18')).toBeUndefined();
  });

  it('reads bylines and refuses sentences that start with "By"', () => {
    expect(parseByline('By Jane Doe')?.authors).toEqual(['Jane Doe']);
    expect(parseByline('By Jane Doe, John Roe and Ann Lee')?.authors).toEqual(['Jane Doe', 'John Roe', 'Ann Lee']);
    expect(parseByline('By Jane Doe | Kestrel Wire')).toMatchObject({ authors: ['Jane Doe'], outlet: 'Kestrel Wire' });
    expect(parseByline('Jane Doe, Staff Writer')?.authors).toEqual(['Jane Doe']);
    expect(parseByline('By the end of the week, talks had stalled.')).toBeUndefined();
  });

  it('reads datelines but not sentences that open with a capitalised word', () => {
    expect(parseDateline('SEOUL, South Korea (Reuters) — Officials said')).toMatchObject({ place: 'SEOUL, South Korea', agency: 'Reuters' });
    expect(parseDateline('WASHINGTON — The Senate voted')?.place).toBe('WASHINGTON');
    expect(parseDateline('SINGAPORE, June 12 — Leaders met')?.place).toBe('SINGAPORE');
    expect(parseDateline('Washington (Metro Wire) -- The bill passed')?.place).toBe('Washington');
    expect(parseDateline('NATO officials said on Monday that talks would resume.')).toBeUndefined();
    expect(parseDateline('US - China trade talks resumed.')).toBeUndefined();
  });
});

describe('rules found on the sample corpus, checked on other text', () => {
  // A farm-policy story: nothing here is from the sample corpus or the seeds.
  const text = [
    'FIELD NOTES WEEKLY',
    'Reporting from the grain belt since 1987',
    'Home  |  Markets  |  Weather  |  Policy  |  Podcasts',
    '',
    'Grain co-op votes to build a second silo before harvest',
    'Oct. 2, 2019',
    'Lotte Brandvik and Sami Okafor',
    '',
    'The Prairie Valley grain cooperative voted on Monday to build a second storage silo, betting that this year\'s harvest will outgrow the one it has.',
    '',
    'Members approved the plan 212 to 41 after a two-hour meeting in the Harlan community hall.',
    '',
    'Combines work a wheat field outside Harlan on Sept. 28, 2019. Ruth Mbeki / Field Notes Weekly',
    'Combines work a wheat field outside Harlan on Sept. 28, 2019...',
    '',
    'Construction is due to start in November and will cost about $1.8 million.',
    '',
    'Like what you\'re reading? Forward Field Notes Weekly to a neighbour, or subscribe free at our site.',
    '',
    'Comments are closed.',
  ].join('\n');
  const [doc] = cleanSource(source(text));
  const reasons = reasonsOf(doc!);

  it('skips mastheads, taglines and menus when choosing the headline', () => {
    expect(doc!.fieldValue('title')).toBe('Grain co-op votes to build a second silo before harvest');
    expect(reasons.chrome).toEqual(expect.arrayContaining(['Home  |  Markets  |  Weather  |  Policy  |  Podcasts', 'Comments are closed.']));
  });

  it('reads names alone under the date as the byline', () => {
    expect(doc!.fieldValue('author')).toBe('Lotte Brandvik, Sami Okafor');
  });

  it('removes a caption credited after a slash and its truncated repeat', () => {
    expect(reasons.credit).toEqual(['Ruth Mbeki / Field Notes Weekly']);
    expect(reasons['caption-repeat']).toEqual(['Combines work a wheat field outside Harlan on Sept. 28, 2019...']);
    expect(doc!.body().text).not.toContain('Combines');
  });

  it('removes the reader appeal and names the outlet from it', () => {
    expect(reasons.promo).toEqual(["Like what you're reading? Forward Field Notes Weekly to a neighbour, or subscribe free at our site."]);
    expect(doc!.fieldValue('outlet')).toBe('Field Notes Weekly');
  });

  it('keeps the body whole', () => {
    const body = doc!.body().text;
    expect(body.startsWith('The Prairie Valley grain cooperative voted on Monday')).toBe(true);
    expect(body.endsWith('will cost about $1.8 million.')).toBe(true);
    expect(body.split('\n\n')).toHaveLength(3);
  });

  it('does not take a tagline of one-word sentences for the start of the body', () => {
    const [tagged] = cleanSource(source(['THE HARLAN BUGLE — Local. Independent. Fearless.', 'Bridge reopens', 'May 1, 2020', 'The county reopened the Mill Street bridge on Friday after six weeks of repairs.'].join('\n')));
    expect(tagged!.fieldValue('title')).toBe('Bridge reopens');
    expect(tagged!.body().text).toBe('The county reopened the Mill Street bridge on Friday after six weeks of repairs.');
  });
});
