/** What a view shows while it loads, and when the server could not answer. */
export function Loading({ what }: { what: string }) {
  return (
    <p role="status" class="loading">
      Loading {what}…
    </p>
  );
}

export function Failed({ what, message }: { what: string; message: string }) {
  return (
    <div role="alert" class="failed">
      <p>Could not load {what}.</p>
      <p>{message}</p>
    </div>
  );
}
