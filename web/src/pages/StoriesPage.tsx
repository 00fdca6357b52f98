export function StoriesPage() {
  return <h1>StoriesPage</h1>;
}
