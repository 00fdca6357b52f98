/**
 * How far PolNeAR's annotators agree with one another, on the articles that several of them annotated (the
 * corpus's weekly quality checks), and how far a model agrees with each of them on the same articles. Scored
 * against one annotator, as `eventwire eval attribution` is, no model can be expected to score much above the
 * level at which two trained annotators agree: this is that ceiling, measured with the same metrics.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type AnnotationProblem, type GoldAttribution, parseBratAttributions } from './brat.js';
import { type AttributionLike, type AttributionScores, AttributionEvaluator } from './metrics.js';
import type { PolnearArticle } from './reader.js';

export interface AgreementResult {
  /** Articles with at least two annotators. */
  articles: number;
  /** Annotations read over those articles (one per annotator and article). */
  annotations: number;
  /** Distinct annotators among them. */
  annotators: number;
  /**
   * Every annotator scored against every other one of the same article (all ordered pairs, so that speaker
   * accuracy, which is not symmetric, is counted both ways), micro-averaged like the model's scores.
   */
  human: AttributionScores;
  /** The model scored against each annotator of the same articles, micro-averaged; null without a model. */
  model: AttributionScores | null;
  problems: AnnotationProblem[];
}

/**
 * Agreement on the articles of `articles` that have other annotators (their annotations are read from beside
 * the article's own); null when none has. `find` gives the model's attributions for a text.
 */
export function measureAgreement(articles: readonly PolnearArticle[], find?: (text: string) => readonly AttributionLike[]): AgreementResult | null {
  const human = new AttributionEvaluator();
  const model = find ? new AttributionEvaluator() : undefined;
  const annotators = new Set<string>();
  const problems: AnnotationProblem[] = [];
  let shared = 0;
  let annotations = 0;
  for (const article of articles) {
    if (article.otherAnnotators.length === 0) continue;
    shared++;
    const versions: GoldAttribution[][] = [article.attributions];
    annotators.add(article.annotator);
    for (const annotator of article.otherAnnotators) {
      const path = join(dirname(article.annotationPath), `${article.name}_${annotator}.ann`);
      const parsed = parseBratAttributions(readFileSync(path, 'utf8'), article.text, path);
      problems.push(...parsed.problems);
      versions.push(parsed.attributions);
      annotators.add(annotator);
    }
    annotations += versions.length;
    for (let gold = 0; gold < versions.length; gold++) {
      for (let other = 0; other < versions.length; other++) {
        if (other !== gold) human.add(article.name, article.text, versions[gold]!, versions[other]!);
      }
    }
    if (model && find) {
      const predicted = find(article.text);
      for (const version of versions) model.add(article.name, article.text, version, predicted);
    }
  }
  if (shared === 0) return null;
  return { articles: shared, annotations, annotators: annotators.size, human: human.result(), model: model?.result() ?? null, problems };
}
