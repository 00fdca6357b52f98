import { analyseAttributions, type AttributionFinder } from '../attribution/index.js';
import { cleanSource } from '../clean/index.js';
import { analyseEvents, type EventCoder } from '../events/index.js';
import { analyseLanguage, type LanguageTools } from '../language/index.js';
import { toArticleRecord } from '../pipeline/record.js';
import type { SourceText } from '../readers/types.js';
import type { ArticleRecord } from '../store/types.js';

/** The tools of the per-article stages, loaded once per worker. Without `language` articles are only cleaned. */
export interface StageTools {
  language?: LanguageTools;
  attribution?: AttributionFinder;
  events?: EventCoder;
}

export interface AnalysedSource {
  records: ArticleRecord[];
  /** Articles stored with less than the full analysis, as `ingest` records them (`Store.recordInputError`). */
  warnings: { uri: string; message: string }[];
}

/**
 * clean → language → attribution → events for one source, exactly as `ingestSources` (src/pipeline/ingest.ts)
 * runs them, without the connect stage: that one decides story numbers in arrival order and runs in a single
 * process (`eventwire connect --follow`). A language failure keeps the article as cleaned, as ingest does;
 * a cleaning failure throws.
 */
export function analyseSource(source: SourceText, tools: StageTools): AnalysedSource {
  const out: AnalysedSource = { records: [], warnings: [] };
  for (const doc of cleanSource(source)) {
    if (tools.language) {
      try {
        const text = analyseLanguage(doc, tools.language);
        if (tools.attribution) analyseAttributions(doc, tools.attribution, text);
        if (tools.events) analyseEvents(doc, tools.events, text);
      } catch (error) {
        out.warnings.push({ uri: doc.origin.uri, message: `stored without full language analysis: ${(error as Error).message}` });
      }
    }
    out.records.push(toArticleRecord(doc));
  }
  return out;
}
