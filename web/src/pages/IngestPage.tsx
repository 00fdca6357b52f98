/**
 * Ingest (`/ingest`): articles from files (chosen or dropped) or pasted text go to POST /api/ingest, which runs
 * the whole pipeline in the background; the page polls the job, shows its progress and, when it is done, what
 * was stored, each article linking to its reader page.
 */
import { useEffect, useId, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError, getJson, postJson, type IngestJob, type StoredArticle } from '../api.js';
import './ingest.css';

/** What POST /api/ingest takes for one article (src/server/schemas.ts, IngestArticle). */
interface IngestArticle {
  text?: string;
  html?: string;
  url?: string;
  title?: string;
  outlet?: string;
  published?: string;
}

/** An article on its way, with where it came from in words a person recognises ("feed.jsonl, line 3"). */
interface Outgoing {
  source: string;
  article: IngestArticle;
}

/** One request: the server answers it with one job. */
interface Batch {
  sources: string[];
  job: IngestJob;
}

const POLL_MS = 300;
/** The server refuses bodies over 5 MiB; requests stay under that with room for JSON's own overhead. */
const MAX_REQUEST_BYTES = 5 * 1024 * 1024 - 64 * 1024;
/** The server takes at most 1,000 articles a request. */
const MAX_REQUEST_ARTICLES = 1000;
const ACCEPTED = ['.txt', '.html', '.htm', '.json', '.jsonl'];
const HINT_FIELDS = ['url', 'title', 'outlet', 'published'] as const;
const TEXT_FIELDS = ['text', 'body', 'content'] as const;

const encoder = new TextEncoder();
const byteSize = (value: unknown) => encoder.encode(JSON.stringify(value)).length;
const mebibytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot).toLowerCase();
}

/** A JSON record as the API's article: text (or body, content) or html, and the hints; undefined fields left out. */
function articleFromRecord(record: unknown): IngestArticle | string {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return 'is not a JSON object with an article';
  const fields = record as Record<string, unknown>;
  const article: IngestArticle = {};
  for (const field of HINT_FIELDS) {
    const value = fields[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') return `has a "${field}" that is not a string`;
    if (value.trim() !== '') article[field] = value.trim();
  }
  const textField = TEXT_FIELDS.find((field) => typeof fields[field] === 'string' && (fields[field] as string).trim() !== '');
  if (textField) article.text = fields[textField] as string;
  if (typeof fields['html'] === 'string' && fields['html'].trim() !== '') article.html = fields['html'];
  if (!article.text && !article.html) return 'has no "text" (or "body", "content") and no "html"';
  return article;
}

/**
 * A file's bytes as text: a byte-order mark wins, then UTF-8 if the bytes are valid UTF-8, else windows-1252
 * (what older news sites and Windows editors write, and what browsers read ISO-8859-1 as). NUL bytes outside
 * UTF-16 mean binary data: undefined.
 */
function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Reads the chosen files into articles; what cannot be sent is refused with a message naming the file. */
async function readFiles(files: readonly File[]): Promise<{ articles: Outgoing[]; refused: string[] }> {
  const articles: Outgoing[] = [];
  const refused: string[] = [];
  for (const file of files) {
    const extension = extensionOf(file.name);
    if (!ACCEPTED.includes(extension)) {
      refused.push(`${file.name}: not an article file eventwire reads here (${ACCEPTED.join(', ')})`);
      continue;
    }
    const content = decodeText(new Uint8Array(await file.arrayBuffer()));
    if (content === undefined) {
      refused.push(`${file.name}: binary data, not text`);
      continue;
    }
    if (content.trim() === '') {
      refused.push(`${file.name}: the file is empty`);
      continue;
    }
    if (extension === '.txt') articles.push({ source: file.name, article: { text: content } });
    else if (extension === '.html' || extension === '.htm') articles.push({ source: file.name, article: { html: content } });
    else if (extension === '.jsonl') {
      content.split(/\r?\n/).forEach((line, index) => {
        if (line.trim() === '') return;
        const where = `${file.name}, line ${index + 1}`;
        let record: unknown;
        try {
          record = JSON.parse(line);
        } catch {
          refused.push(`${where}: not JSON`);
          return;
        }
        const article = articleFromRecord(record);
        if (typeof article === 'string') refused.push(`${where} ${article}`);
        else articles.push({ source: where, article });
      });
    } else {
      let json: unknown;
      try {
        json = JSON.parse(content);
      } catch (error) {
        refused.push(`${file.name}: not JSON (${(error as Error).message})`);
        continue;
      }
      // An API request body ({ articles: [...] }), a list of articles, or one article.
      const wrapped = typeof json === 'object' && json !== null && Array.isArray((json as { articles?: unknown }).articles);
      const records: unknown[] = wrapped ? (json as { articles: unknown[] }).articles : Array.isArray(json) ? json : [json];
      records.forEach((record, index) => {
        const where = records.length === 1 ? file.name : `${file.name}, article ${index + 1}`;
        const article = articleFromRecord(record);
        if (typeof article === 'string') refused.push(`${where} ${article}`);
        else articles.push({ source: where, article });
      });
    }
  }
  return { articles, refused };
}

/** Splits the articles into requests the server accepts; an article too large for any request is refused. */
function intoRequests(articles: readonly Outgoing[]): { requests: Outgoing[][]; refused: string[] } {
  const requests: Outgoing[][] = [];
  const refused: string[] = [];
  let current: Outgoing[] = [];
  let bytes = 0;
  for (const outgoing of articles) {
    const size = byteSize(outgoing.article) + 1;
    if (size > MAX_REQUEST_BYTES) {
      refused.push(`${outgoing.source}: too large (${mebibytes(size)}); the server takes at most 5 MiB a request`);
      continue;
    }
    if (current.length > 0 && (bytes + size > MAX_REQUEST_BYTES || current.length >= MAX_REQUEST_ARTICLES)) {
      requests.push(current);
      current = [];
      bytes = 0;
    }
    current.push(outgoing);
    bytes += size;
  }
  if (current.length > 0) requests.push(current);
  return { requests, refused };
}

const finished = (job: IngestJob) => job.state === 'done' || job.state === 'failed';

const STATE_TEXT: Record<IngestJob['state'], string> = {
  queued: 'Queued behind another job',
  loading: 'Loading the analysis tools (the first job takes a few seconds longer)',
  running: 'Analysing and storing',
  done: 'Done',
  failed: 'Failed',
};

type Summary = Pick<StoredArticle, 'id' | 'title' | 'outlet' | 'published'>;

export function IngestPage() {
  const [batches, setBatches] = useState<Batch[]>([]);
  const [refused, setRefused] = useState<string[]>([]);
  const [sendError, setSendError] = useState<string>();
  const [pollError, setPollError] = useState<string>();
  const [sending, setSending] = useState(false);
  const [summaries, setSummaries] = useState<Record<string, Summary>>({});
  const requested = useRef(new Set<string>());

  /** Forgets the last submission's results: a new one starts. */
  const clear = () => {
    setBatches([]);
    setSummaries({});
    requested.current.clear();
    setRefused([]);
    setSendError(undefined);
    setPollError(undefined);
  };

  /** Sends the articles (as several requests if the body limit demands it); the jobs are then polled. */
  const send = async (articles: Outgoing[], alreadyRefused: string[]) => {
    const { requests, refused: tooLarge } = intoRequests(articles);
    setRefused([...alreadyRefused, ...tooLarge]);
    if (requests.length === 0) return;
    setSending(true);
    try {
      for (const request of requests) {
        const job = await postJson<IngestJob>('/api/ingest', { articles: request.map((outgoing) => outgoing.article) });
        setBatches((previous) => [...previous, { sources: request.map((outgoing) => outgoing.source), job }]);
      }
    } catch (error) {
      setSendError(error instanceof ApiError ? error.message : String(error));
    } finally {
      setSending(false);
    }
  };

  // Polls the unfinished jobs; each answer gives `batches` a new value, which schedules the next poll.
  useEffect(() => {
    const pending = batches.filter((batch) => !finished(batch.job)).map((batch) => batch.job.job);
    if (pending.length === 0) return;
    let cancelled = false;
    const timer = setTimeout(async () => {
      const answers = await Promise.allSettled(pending.map((id) => getJson<IngestJob>(`/api/ingest/${id}`)));
      if (cancelled) return;
      const jobs = new Map<string, IngestJob>();
      let trouble: string | undefined;
      answers.forEach((answer, index) => {
        const id = pending[index]!;
        if (answer.status === 'fulfilled') jobs.set(id, answer.value);
        else if (answer.reason instanceof ApiError && answer.reason.status === 404) {
          // The server forgot the job (it restarted): polling again cannot help.
          const job = batches.find((batch) => batch.job.job === id)!.job;
          jobs.set(id, { ...job, state: 'failed', error: answer.reason.message });
        } else trouble = answer.reason instanceof Error ? answer.reason.message : String(answer.reason);
      });
      setPollError(trouble);
      // A new array even when nothing changed: the effect runs again and the next poll retries.
      setBatches((previous) => previous.map((batch) => ({ ...batch, job: jobs.get(batch.job.job) ?? batch.job })));
    }, POLL_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [batches]);

  // Headlines of what was stored, for the links (the job answers ids only).
  useEffect(() => {
    const ids = batches.flatMap((batch) => batch.job.articles.flatMap((article) => article.stored.map((stored) => stored.id)));
    for (const id of ids.slice(0, 200)) {
      if (requested.current.has(id)) continue;
      requested.current.add(id);
      getJson<StoredArticle>(`/api/articles/${id}`).then(
        (article) => setSummaries((previous) => ({ ...previous, [id]: { id, title: article.title, outlet: article.outlet, published: article.published } })),
        () => requested.current.delete(id),
      );
    }
  }, [batches]);

  return (
    <div className="ingest-page">
      <h1>Ingest articles</h1>
      <p className="muted">
        Articles sent here are cleaned, analysed (people, places, time, quotes, events) and stored; the same text sent again is recognised and
        left unchanged.
      </p>
      <div className="columns ingest-inputs">
        <FileInput
          disabled={sending}
          onFiles={async (files) => {
            clear();
            const { articles, refused: unreadable } = await readFiles(files);
            await send(articles, unreadable);
          }}
        />
        <PasteForm
          disabled={sending}
          onSubmit={(article) => {
            clear();
            return send([{ source: article.title ? `Pasted: ${article.title}` : 'Pasted text', article }], []);
          }}
        />
      </div>
      {refused.length > 0 ? (
        <div className="refused" role="alert">
          <h2>Not sent</h2>
          <ul>
            {refused.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {sendError ? (
        <p className="status error" role="alert">
          The server refused the articles: {sendError}
        </p>
      ) : null}
      {batches.length > 0 ? <Progress batches={batches} summaries={summaries} pollError={pollError} /> : null}
    </div>
  );
}

function FileInput({ disabled, onFiles }: { disabled: boolean; onFiles: (files: File[]) => Promise<void> }) {
  const [dragging, setDragging] = useState(false);
  const titleId = useId();
  const input = useRef<HTMLInputElement>(null);
  const take = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    await onFiles([...files]);
    // The same file chosen again is a new choice.
    if (input.current) input.current.value = '';
  };
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (!disabled) void take(event.dataTransfer.files);
  };
  return (
    <section className="panel" aria-labelledby={titleId}>
      <h2 id={titleId}>Upload files</h2>
      <div
        className={`drop-zone${dragging ? ' dragging' : ''}`}
        role="group"
        aria-label="Drop zone: drop article files here"
        onDragOver={(event) => {
          event.preventDefault();
          event.dataTransfer.dropEffect = 'copy';
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
      >
        <p>Drop article files here, or</p>
        <label className="button file-button">
          Choose article files
          <input ref={input} type="file" multiple accept={ACCEPTED.join(',')} disabled={disabled} onChange={(event) => void take(event.target.files)} />
        </label>
        <p className="muted small">
          .txt as plain text, .html/.htm as web pages, .jsonl (one article a line) or .json (one article or a list) with <code>text</code> or{' '}
          <code>html</code> and optional <code>title</code>, <code>outlet</code>, <code>published</code>, <code>url</code>.
        </p>
      </div>
    </section>
  );
}

function PasteForm({ disabled, onSubmit }: { disabled: boolean; onSubmit: (article: IngestArticle) => Promise<void> }) {
  const [text, setText] = useState('');
  const [format, setFormat] = useState<'text' | 'html'>('text');
  const [hints, setHints] = useState({ title: '', outlet: '', published: '', url: '' });
  const titleId = useId();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === '') return;
    const article: IngestArticle = format === 'html' ? { html: text } : { text };
    for (const field of HINT_FIELDS) if (hints[field].trim()) article[field] = hints[field].trim();
    await onSubmit(article);
  };
  const hint = (field: keyof typeof hints) => ({
    value: hints[field],
    onChange: (event: { target: { value: string } }) => setHints((previous) => ({ ...previous, [field]: event.target.value })),
  });
  return (
    <section className="panel" aria-labelledby={titleId}>
      <h2 id={titleId}>Paste an article</h2>
      <form className="paste-form" onSubmit={submit}>
        <label>
          Article text
          <textarea value={text} onChange={(event) => setText(event.target.value)} rows={8} required />
        </label>
        <fieldset className="paste-format">
          <legend>The text is</legend>
          <label>
            <input type="radio" name="format" checked={format === 'text'} onChange={() => setFormat('text')} /> plain text
          </label>
          <label>
            <input type="radio" name="format" checked={format === 'html'} onChange={() => setFormat('html')} /> HTML
          </label>
        </fieldset>
        <div className="paste-hints">
          <label>
            Title (optional)
            <input type="text" {...hint('title')} />
          </label>
          <label>
            Outlet (optional)
            <input type="text" {...hint('outlet')} />
          </label>
          <label>
            Published (optional)
            <input type="text" placeholder="YYYY-MM-DD" {...hint('published')} />
          </label>
          <label>
            URL (optional)
            <input type="url" placeholder="https://" {...hint('url')} />
          </label>
        </div>
        <button type="submit" className="primary" disabled={disabled || text.trim() === ''}>
          Ingest pasted text
        </button>
      </form>
    </section>
  );
}

/** What each storage status means, for the status's tooltip. */
const STATUS_MEANING: Record<string, string> = {
  inserted: 'a new article',
  unchanged: 'already stored with this text: nothing changed',
  'new-version': 'a new version of an article already stored',
  reanalysed: 'the same text, analysed again',
};

function Progress({ batches, summaries, pollError }: { batches: Batch[]; summaries: Record<string, Summary>; pollError: string | undefined }) {
  const total = batches.reduce((sum, batch) => sum + batch.job.total, 0);
  const processed = batches.reduce((sum, batch) => sum + (finished(batch.job) ? batch.job.total : batch.job.processed), 0);
  // The first unfinished job says where the whole stands; once all finished, any failure shows.
  const overall = batches.find((batch) => !finished(batch.job))?.job.state ?? (batches.some((batch) => batch.job.state === 'failed') ? 'failed' : 'done');
  const jobErrors = batches.map((batch) => batch.job.error).filter((error): error is string => error !== null);
  return (
    <section className="ingest-progress" aria-labelledby="progress-heading">
      <h2 id="progress-heading">Progress</h2>
      <progress aria-label="Ingest progress" max={Math.max(total, 1)} value={processed} />
      <p role="status" aria-live="polite" className="progress-text">
        <strong className="job-state">{STATE_TEXT[overall]}</strong>: {processed} of {total} {total === 1 ? 'article' : 'articles'}
      </p>
      {pollError ? (
        <p className="status error" role="alert">
          Could not ask the server how the job is going: {pollError} (still trying)
        </p>
      ) : null}
      {jobErrors.map((error) => (
        <p key={error} className="status error" role="alert">
          The job failed: {error}
        </p>
      ))}
      <ol className="ingest-results" aria-label="Articles sent">
        {batches.flatMap((batch) =>
          batch.job.articles.map((article) => {
            const source = batch.sources[article.index] ?? `article ${article.index + 1}`;
            return (
              <li key={`${batch.job.job}:${article.index}`} className={`ingest-result ${article.status}`}>
                <span className="source">{source}</span>{' '}
                <span className="badge">{article.status === 'pending' ? 'waiting' : article.status}</span>
                {article.stored.length > 0 ? (
                  <ul className="stored">
                    {article.stored.map((stored) => {
                      const summary = summaries[stored.id];
                      return (
                        <li key={`${stored.id}:${stored.version}`}>
                          <Link to={`/articles/${stored.id}`}>{summary?.title ?? `Article ${stored.id}`}</Link>{' '}
                          <span className="muted">
                            {[summary?.outlet, summary?.published].filter(Boolean).join(', ')}
                            {summary?.outlet || summary?.published ? ' · ' : ''}
                            <span className="badge stored-status" title={STATUS_MEANING[stored.status]}>
                              {stored.status}
                            </span>
                            {stored.version > 1 ? ` (version ${stored.version})` : ''}
                          </span>
                        </li>
                      );
                    })}
                  </ul>
                ) : null}
                {article.errors.length > 0 ? (
                  <ul className="errors">
                    {article.errors.map((message) => (
                      <li key={message} className="status error">
                        {message}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            );
          }),
        )}
      </ol>
    </section>
  );
}
