export function StoryPage() {
  return <h1>StoryPage</h1>;
}
