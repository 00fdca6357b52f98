export function ActorPage() {
  return <h1>ActorPage</h1>;
}
