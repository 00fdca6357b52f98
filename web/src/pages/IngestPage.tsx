export function IngestPage() {
  return <h1>IngestPage</h1>;
}
