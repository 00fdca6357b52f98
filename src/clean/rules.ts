import type { RemovalReason } from '../document/types.js';
import { isProse, wordCount, type Line } from './lines.js';
import { CAPTION_DATELINE, MENU_SEPARATOR, parseByline, parseDateLine, type Byline, type DateLine } from './metadata.js';

/**
 * What a line is, judged from the line alone. Position-dependent decisions (headline, header fragments,
 * trailing chrome, caption repeats) are made by the article cleaner on top of these labels.
 */
export type LineLabel =
  | { kind: 'junk'; reason: RemovalReason; rule: string; tailTrigger: boolean }
  | { kind: 'caption'; rule: string }
  | { kind: 'date'; date: DateLine }
  | { kind: 'byline'; byline: Byline }
  | { kind: 'prose' }
  /** Short, not a sentence, matched by no rule: a headline, subheading, kicker or menu item. */
  | { kind: 'fragment' };

interface LineRule {
  id: string;
  reason: RemovalReason;
  test: (text: string) => boolean;
  /** Lines that open the site furniture after an article: everything after them is chrome too. */
  tailTrigger?: boolean;
  /** Rules for short lines only: a long paragraph that happens to match is prose. */
  maxWords?: number;
}

const PLATFORMS =
  'telegram|whatsapp|facebook|twitter|instagram|youtube|tiktok|linkedin|threads|bluesky|mastodon|truth social|gab|rumble|google news|apple news|flipboard|snapchat|reddit';

const SHARE_WORDS = 'share(?: this(?: article| story| page)?)?|tweet|email|e-mail|print|whatsapp|facebook|twitter|linkedin|reddit|pinterest|copy link|messenger|x|flipboard|sms|comments?';

const SHARE_BAR = new RegExp(String.raw`^(?:(?:share\s+(?:on|via|to)\s+)?(?:${SHARE_WORDS})\s*:?\s*)+$`, 'i');
const SOCIAL_CHANNEL = new RegExp(String.raw`\b(?:join|follow|subscribe\s+to|like|find|add|check out)\b.{0,80}?\b(?:${PLATFORMS}|channel|podcast)\b`, 'i');

const STAFF_WORD =
  /\b(?:editor|editors|publisher|director|counsel|producer|developer|designer|reporter|writer|manager|head of|chief|founder|president|correspondent|officer|engineer|analyst|fellow|intern|assistant|columnist|photographer|strategist|coordinator|copy ?editor|masthead)\b/i;

/** "Home | Politics | Video", "The Ledger • World • Asia", "About Us   Contact   Privacy": menus and breadcrumbs. */
function isMenu(text: string): boolean {
  if (!/[|•·»›]|\s{2}/.test(text)) return false;
  const items = text.split(MENU_SEPARATOR).filter((item) => item.trim() !== '');
  return items.length >= 3 && items.every((item) => wordCount(item) <= 4 && !/[.!?]["”]?$/.test(item.trim()) && !/[a-z],/.test(item));
}

const RULES: LineRule[] = [
  { id: 'chrome/navigation-menu', reason: 'chrome', maxWords: 40, test: isMenu },
  // Promotion of the outlet's own channels, apps and memberships.
  {
    id: 'promo/social-channel',
    reason: 'promo',
    maxWords: 40,
    test: (t) => SOCIAL_CHANNEL.test(t),
  },
  { id: 'promo/app', reason: 'promo', maxWords: 30, test: (t) => /\b(?:download|get|install|try)\b.{0,40}\bapp\b/i.test(t) },
  {
    id: 'promo/membership',
    reason: 'promo',
    maxWords: 45,
    test: (t) =>
      /\b(?:support (?:our|independent|quality|local|us)|donate (?:now|today)|become a (?:member|subscriber|patron|supporter)|subscribe (?:now|today|for)|make a (?:contribution|donation)|chip in|unlock (?:full|unlimited) access|already a (?:subscriber|member)|start your free trial|free trial)\b/i.test(t),
  },
  { id: 'promo/click-here', reason: 'promo', maxWords: 30, test: (t) => /\b(?:click|tap) here\b/i.test(t) },
  {
    id: 'promo/reader-appeal',
    reason: 'promo',
    maxWords: 40,
    test: (t) =>
      /\blike what you(?:'|’)?re reading\b|\bforward (?:this|it|the [\w ]{1,40}?) to a (?:friend|colleague)\b|\bsubscribe (?:for )?free\b|\bkeep up with\b.{0,60}\b(?:on|via)\b|\bshare (?:this|it) with (?:a friend|your friends)\b/i.test(t),
  },
  {
    id: 'promo/uncensored-news',
    reason: 'promo',
    maxWords: 25,
    test: (t) => /\bget (?:important|breaking|the latest|real|uncensored|more) (?:news|updates|stories)\b/i.test(t),
  },
  {
    id: 'promo/advertisement',
    reason: 'promo',
    test: (t) =>
      /^(?:advertisements?|ad|sponsored(?: content)?|promoted(?: content)?|paid (?:content|post)|story continues (?:below|after)(?: (?:this )?(?:advertisement|ad))?|continue reading (?:below|the main story)|scroll (?:down )?to continue(?: with content)?|article continues below|ad feedback)$/i.test(t),
  },
  // Newsletter prompts.
  {
    id: 'newsletter/sign-up',
    reason: 'newsletter',
    maxWords: 40,
    test: (t) => /\bnewsletters?\b/i.test(t) && /\b(?:sign(?:ing)? up|subscribe|get|receive|delivered|inbox|join|register|don'?t miss)\b/i.test(t),
  },
  { id: 'newsletter/start-your-day', reason: 'newsletter', maxWords: 20, test: (t) => /^start (?:your|the) (?:day|morning|week|weekend)\s+(?:with|off|right)\b/i.test(t) },
  { id: 'newsletter/inbox', reason: 'newsletter', maxWords: 40, test: (t) => /\b(?:in|to|into|straight to) your inbox\b/i.test(t) },
  { id: 'newsletter/email-field', reason: 'newsletter', maxWords: 20, test: (t) => /\benter (?:your )?e-?mail(?: address)?\b|\byour e-?mail address\b/i.test(t) },
  { id: 'newsletter/sign-up-call', reason: 'newsletter', maxWords: 12, test: (t) => /^(?:sign up|subscribe)(?:\s+(?:now|today|here|for free))?\b/i.test(t) },
  {
    // "The Morning Brief: the day's top stories before your coffee. Sign up now »"
    id: 'newsletter/closing-call',
    reason: 'newsletter',
    maxWords: 30,
    test: (t) => /\b(?:sign up|subscribe|register)(?:\s+(?:now|today|here|for free|free))?\s*[»›>→.!]*$/i.test(t),
  },
  // UI toggles scraped as text.
  {
    id: 'toggle/ui',
    reason: 'toggle',
    test: (t) =>
      /^(?:more\s+less|less\s+more|show (?:more|less)|read (?:more|less)|see (?:more|less)|expand|collapse|hide caption|toggle caption|view (?:gallery|slideshow|photos?|image)|enlarge (?:this )?(?:image|photo)|(?:image|photo|slide) \d+ of \d+|\d+ of \d+|close|open|play video|watch video|listen to (?:this )?article|\d+ min(?:ute)? read)$/i.test(t),
  },
  // Site furniture. The first group opens the trailing block of an article page.
  {
    id: 'chrome/section-heading',
    reason: 'chrome',
    tailTrigger: true,
    test: (t) =>
      /^(?:latest(?: news| stories| headlines| articles)?|top stories|most (?:popular|read|viewed|shared|emailed|commented)(?: stories| articles)?|trending(?: now| stories| news)?|related(?: articles| stories| posts| coverage| content| news| reading| topics)?|recommended(?: for you| stories| reading)?|you (?:may|might) (?:also )?(?:like|be interested in)|more (?:from|on|stories|news|in|top stories)(?:\s.*)?|read next|up next|what to read next|editor'?s picks|popular (?:now|posts|stories)|around the web|from our partners|comments?(?:\s*\(\d+\))?|\d+ comments?|leave a (?:comment|reply)|join the (?:conversation|discussion)|(?:show|view|load) comments|conversation|discussion|masthead\b.*|our (?:team|staff)|staff)$/i.test(t),
  },
  {
    id: 'chrome/copyright',
    reason: 'chrome',
    tailTrigger: true,
    maxWords: 30,
    test: (t) => /^(?:©|\(c\)\s|copyright\b)/i.test(t) || /\ball rights reserved\b/i.test(t),
  },
  {
    id: 'chrome/comments-closed',
    reason: 'chrome',
    tailTrigger: true,
    test: (t) => /^(?:comments are (?:closed|disabled)|be the first to comment|no comments yet|\d+ (?:responses?|replies)|comments for this (?:article|story) are closed)\.?$/i.test(t),
  },
  {
    id: 'chrome/print-edition',
    reason: 'chrome',
    maxWords: 40,
    test: (t) =>
      /^(?:a version of this (?:article|story) (?:appears|appeared) in print\b|this (?:article|story) (?:originally )?(?:appeared|was (?:originally |first )?published) (?:in|on|by)\b)/i.test(t),
  },
  { id: 'chrome/tags', reason: 'chrome', tailTrigger: true, maxWords: 40, test: (t) => /^(?:tags|topics|filed under|categories|category|posted in|keywords|more on)\s*:/i.test(t) },
  {
    id: 'chrome/related-link',
    reason: 'chrome',
    maxWords: 30,
    test: (t) => /^(?:related|read (?:more|also|next)|see also|also read|also see|more|watch|listen|recommended|opinion|analysis|explainer)\s*(?::|\||»|>|—|-)\s*\S/i.test(t),
  },
  {
    id: 'chrome/share-bar',
    reason: 'chrome',
    test: (t) => t.length <= 160 && SHARE_BAR.test(t) && /share|tweet|facebook|twitter|email|whatsapp|linkedin|print/i.test(t),
  },
  {
    id: 'chrome/navigation',
    reason: 'chrome',
    test: (t) =>
      /^(?:home|menu|search|skip to (?:main )?content|log ?in|sign ?in|log ?out|register|my account|subscribe|newsletters?|follow us|about(?: us)?|contact(?: us)?|privacy(?: policy)?|terms(?: of (?:use|service))?|cookie (?:policy|settings|preferences)|site ?map|back to top|advertise(?: with us)?|careers|jobs|corrections|ethics policy|accessibility|help|faq|rss|do not sell my (?:personal )?info(?:rmation)?)$/i.test(t),
  },
  {
    // "Managing Editor:" or "Managing Editor: Jane Doe" in masthead lists.
    id: 'chrome/staff-list',
    reason: 'chrome',
    maxWords: 10,
    test: (t) => {
      const m = /^([A-Z][\w&'’\/ -]{2,50}):\s*(.*)$/.exec(t);
      return !!m && STAFF_WORD.test(m[1]!) && (m[2] === '' || /^[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}$/.test(m[2]!));
    },
  },
  // Credits standing on their own line.
  {
    id: 'credit/photo',
    reason: 'credit',
    maxWords: 16,
    test: (t) => /^\(?(?:photos?|photograph|images?|pictures?|video|graphic|illustration)\s*(?:by|:|credit:?|courtesy(?: of)?)\s*\S.*\)?$/i.test(t),
  },
  { id: 'credit/file-photo', reason: 'credit', test: (t) => /^\(?(?:file (?:photo|image|picture)|photo illustration|handout(?: photo)?)\)?\.?$/i.test(t) },
  { id: 'credit/label', reason: 'credit', maxWords: 16, test: (t) => /^\(?(?:credit|photo credit|image credit|source|courtesy(?: of)?)\s*:\s*\S.*\)?$/i.test(t) },
  {
    id: 'credit/agency',
    reason: 'credit',
    maxWords: 12,
    test: (t) => /^\(?(?:AP|AFP|Reuters|Getty Images|EPA(?:-EFE)?|Xinhua|KCNA(?: via KNS)?|Yonhap|Pool|Bloomberg|Shutterstock|Handout)(?:\s+(?:Photo|Images|via Getty Images|file photo))?(?:\s*\/\s*[^)]{1,60})?\)?\.?$/.test(t),
  },
  {
    id: 'credit/contributors',
    reason: 'credit',
    maxWords: 50,
    test: (t) => /^\(?(?:additional )?(?:reporting|writing|editing|compiled|produced|contributing)\s+by\b/i.test(t) && !/[.!?]["”]?\s+\p{Lu}/u.test(t.slice(0, -1)),
  },
];

/** A parenthesis crediting a picture: "(White House/Released)", "(AP Photo/Jane Doe)", "(Photo by ...)". */
export const CREDIT_PAREN =
  /\((?:[^()]*?\b(?:photos?|images?|pool|getty|released|handout|courtesy|file|AP|AFP|Reuters|EPA|Xinhua|KCNA|Yonhap|Shutterstock|credit|via|staff photo)\b[^()]*|[^()\s][^()]{0,60}\/[^()]{1,60})\)|\((?:photo|image) by\s*(?:\.\.\.|…)/gi;
/** "Photo by Jane Doe/ Agency", "Photo: Jane Doe / Reuters" running to the end of a caption. */
export const PHOTO_BY =
  /(?:\b(?:[Pp]hoto|PHOTO|[Pp]hotograph|[Ii]mage|IMAGE|[Pp]icture)s?\s*(?:by|BY|:|[Cc]redit:?)|\b(?:[Cc]redit|CREDIT|[Cc]ourtesy(?: of)?|[Ss]ource):)\s+[A-Z][^()]{1,80}?(?:\s*\/\s*[A-Z][^()]{0,60})?$|(?<=[.!?]["”’]?\s)(?:[A-Z][\p{L}.'’-]*\s+){0,5}[A-Z][\p{L}.'’-]*\s*\/\s*(?:[A-Z][\p{L}.'’-]*\s*){1,4}$|(?<=[.!?]["”’]?\s)(?:[A-Z][\p{L}.'’-]*\s+){1,3}for\s+(?:[Tt]he\s+)?(?:[A-Z][\p{L}.'’-]*\s*){1,4}$/u;
/** Agency restrictions: "(AFP OUT)", "(NO SALES)", "(MANDATORY CREDIT)". */
export const AGENCY_RESTRICTION =
  /\((?:[A-Z][A-Z.&\/ -]{0,40}\s)?OUT\)|\((?:NO (?:SALES|ARCHIVES|RESALES|MAGAZINES|TV|ONLINE)|MANDATORY CREDIT|EDITORIAL USE ONLY|MAGS OUT|TV OUT|INTERNET OUT|POOL|HANDOUT)[A-Z ,\/.;-]*\)/g;
/** UI toggles glued to the end of a line: "... Getty Images) MORE LESS". `(?<!\s)`: one try per run of spaces. */
export const TRAILING_TOGGLE = /(?<!\s)\s+(?:MORE\s+LESS|LESS\s+MORE|Show (?:more|less)|Read more|See more|Hide caption|Toggle caption|Expand|Collapse)\s*$/;

/**
 * Where the trailing run of credits, restrictions and toggles of a line begins: "... Washington.
 * (Photo by Jane Doe/Getty Images) (NO SALES) MORE LESS" → the offset of "(Photo". `credited` says whether a
 * credit is among them.
 */
export function trailingMarks(text: string): { start: number; credited: boolean } {
  let end = text.length;
  let credited = false;
  for (;;) {
    const head = text.slice(0, end).trimEnd();
    const toggle = TRAILING_TOGGLE.exec(head);
    if (toggle) {
      end = toggle.index;
      continue;
    }
    const paren = /\([^()]*\)$/.exec(head) ?? /\((?:photo|image) by\s*(?:\.\.\.|…)$/i.exec(head);
    if (paren) {
      AGENCY_RESTRICTION.lastIndex = 0;
      CREDIT_PAREN.lastIndex = 0;
      const isRestriction = AGENCY_RESTRICTION.test(paren[0]);
      const isCredit = !isRestriction && new RegExp(`^(?:${CREDIT_PAREN.source})$`, 'i').test(paren[0]);
      if (isRestriction || isCredit) {
        credited ||= isCredit;
        end = paren.index;
        continue;
      }
    }
    return { start: head.length, credited };
  }
}

/** Credits that run to the end of a line are short: only the line's tail needs the (costly) pattern. */
const CREDIT_TAIL = 240;

export function trailingCredit(text: string): { start: number; end: number } | undefined {
  const from = Math.max(0, text.length - CREDIT_TAIL);
  const m = PHOTO_BY.exec(text.slice(from));
  return m ? { start: from + m.index, end: from + m.index + m[0].length } : undefined;
}

function endsWithCredit(text: string): boolean {
  const marks = trailingMarks(text);
  return marks.credited || trailingCredit(text.slice(0, marks.start).trimEnd()) !== undefined;
}

/** Labels by line text, for one source: the segmenter and the cleaner judge the same lines. */
export type LabelCache = Map<string, LineLabel>;

export function classifyLines(lines: Line[], cache?: LabelCache): LineLabel[] {
  return lines.map((line) => {
    const known = cache?.get(line.text);
    if (known) return known;
    const label = classifyLine(line);
    cache?.set(line.text, label);
    return label;
  });
}

export function classifyLine(line: Line): LineLabel {
  const text = line.text;
  const words = wordCount(text);
  for (const rule of RULES) {
    if (rule.maxWords !== undefined && words > rule.maxWords) continue;
    if (rule.test(text)) return { kind: 'junk', reason: rule.reason, rule: rule.id, tailTrigger: rule.tailTrigger ?? false };
  }
  // Captions: a picture credit closing the line, a Getty-style caption dateline, or a "FILE" lead.
  if (words <= 160) {
    CAPTION_DATELINE.lastIndex = 0;
    const captionDateline = CAPTION_DATELINE.exec(text);
    if (captionDateline && captionDateline.index === 0) return { kind: 'caption', rule: 'caption/agency-dateline' };
    if (endsWithCredit(text)) return { kind: 'caption', rule: 'caption/credited' };
    if (/^(?:FILE(?: PHOTO)?\s*[-–—:]|In this (?:file |undated |handout )?(?:photo|image|picture)\b)/.test(text)) {
      return { kind: 'caption', rule: 'caption/file-photo' };
    }
  }
  const date = parseDateLine(text);
  if (date) return { kind: 'date', date };
  const byline = parseByline(text);
  if (byline) return { kind: 'byline', byline };
  return isProse(text) ? { kind: 'prose' } : { kind: 'fragment' };
}

/** Lines whose shape is a name heading: few words, mostly capitalised, no sentence end. */
export function looksLikeHeadline(text: string): boolean {
  const words = wordCount(text);
  if (words < 2 || words > 35) return false;
  if (/[.]$/.test(text) && !/\b(?:U\.S|Jr|Sr|Inc|Co|St|Dr|Mr|Mrs|Ms)\.$/.test(text)) return false;
  if (/:$/.test(text)) return false;
  return /^[\p{Lu}\p{N}"'“‘]/u.test(text);
}
