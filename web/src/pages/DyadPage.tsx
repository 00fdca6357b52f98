export function DyadPage() {
  return <h1>DyadPage</h1>;
}
