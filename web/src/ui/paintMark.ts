// Performance marks for bench/web: `stepwise:*` marks the benchmark reads in
// the page (performance.getEntriesByName), on the page's own clock.

/** Marks `name` now. */
export function mark(name: string, detail?: unknown): void {
  performance.mark(`stepwise:${name}`, { detail });
}

/**
 * Marks `name` once the DOM changes made so far are on screen: the next
 * animation frame runs before that frame's paint, and a task queued from it
 * runs after the paint.
 */
export function markAfterPaint(name: string, detail?: unknown): void {
  requestAnimationFrame(() => setTimeout(() => mark(name, detail), 0));
}
