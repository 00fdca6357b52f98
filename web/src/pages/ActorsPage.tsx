export function ActorsPage() {
  return <h1>ActorsPage</h1>;
}
