import { parseBoundedXml } from '../../util/xml.js';

/** One expected event of a validation record, as `<EventCoding sourcecode targetcode eventcode>` gives it. */
export interface ExpectedEvent {
  source: string;
  target: string;
  code: string;
}

/**
 * A PETRARCH validation record. `expected` is null for records marked `error` (they test error handling, not
 * coding, and are left out of the score); an empty list means `noevents`.
 */
export interface ValidationRecord {
  id: string;
  date: string;
  category: string;
  text: string;
  expected: ExpectedEvent[] | null;
  /** The error the record expects, for `error` records. */
  expectedError?: string;
}

/** What a validation file's `<Environment>` names: dictionary file names, relative to the file. */
export interface ValidationEnvironment {
  verbs: string[];
  actors: string[];
  agents: string[];
  discards: string[];
  issues: string[];
}

export interface ValidationFile {
  environment: ValidationEnvironment;
  records: ValidationRecord[];
}

// A Map, not an object literal: a tag name read from the file may be `constructor` or `__proto__`.
const ENVIRONMENT_TAGS = new Map<string, keyof ValidationEnvironment>([
  ['verbfile', 'verbs'],
  ['actorfile', 'actors'],
  ['agentfile', 'agents'],
  ['discardfile', 'discards'],
  ['issuefile', 'issues'],
]);

/**
 * Reads a PETRARCH validation XML file. The `<Parse>` trees are ignored on purpose: eventwire codes from the raw
 * `<Text>`. Throws an error naming the file for input that holds no records, and for XML nested deeper than any
 * validation file (XmlDepthError).
 */
export function parseValidationFile(xml: string, file: string): ValidationFile {
  const environment: ValidationEnvironment = { verbs: [], actors: [], agents: [], discards: [], issues: [] };
  const records: ValidationRecord[] = [];
  let current: ValidationRecord | undefined;
  let collecting: 'text' | keyof ValidationEnvironment | undefined;
  let buffer = '';
  let inEnvironment = false;

  parseBoundedXml(
    xml,
    {
      onopentag(name, attributes) {
        const tag = name.toLowerCase();
        if (tag === 'environment') inEnvironment = true;
        else if (inEnvironment && ENVIRONMENT_TAGS.has(tag)) {
          collecting = ENVIRONMENT_TAGS.get(tag);
          buffer = '';
        } else if (tag === 'sentence') {
          current = {
            // An empty id names nothing either.
            id: attributes.id?.trim() || `record-${records.length + 1}`,
            date: (attributes.date ?? '').trim(),
            category: (attributes.category ?? '').trim(),
            text: '',
            expected: [],
          };
        } else if (tag === 'eventcoding' && current) {
          if (attributes.error !== undefined) {
            current.expected = null;
            current.expectedError = attributes.error.trim();
          } else if (attributes.noevents === undefined && current.expected) {
            current.expected.push({
              source: (attributes.sourcecode ?? '').trim(),
              target: (attributes.targetcode ?? '').trim(),
              code: (attributes.eventcode ?? '').trim(),
            });
          }
        } else if (tag === 'text' && current) {
          collecting = 'text';
          buffer = '';
        }
      },
      ontext(text) {
        if (collecting) buffer += text;
      },
      onclosetag(name) {
        const tag = name.toLowerCase();
        if (tag === 'environment') inEnvironment = false;
        else if (collecting && collecting !== 'text' && ENVIRONMENT_TAGS.get(tag) === collecting) {
          const value = buffer.trim();
          if (value) environment[collecting].push(value);
          collecting = undefined;
        } else if (tag === 'text' && collecting === 'text' && current) {
          current.text = buffer.replace(/\s+/g, ' ').trim();
          collecting = undefined;
        } else if (tag === 'sentence' && current) {
          records.push(current);
          current = undefined;
        }
      },
    },
    { xmlMode: true, decodeEntities: true, recognizeSelfClosing: true, where: file },
  );
  if (records.length === 0) throw new Error(`${file}: no <Sentence> records found; is this a PETRARCH validation file?`);
  return { environment, records };
}
