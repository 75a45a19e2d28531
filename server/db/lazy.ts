/** A value made on first use: prepared statements of the hot paths, prepared once (after migrations). */
export function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}
