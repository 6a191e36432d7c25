/**
 * Wraps an async task so that calls while it runs cause exactly one more run after it, not one
 * each (a burst of history changes re-reads the conversation list twice at most). A failed run is
 * handed to `onError`; the wrapper's promise always resolves.
 */
export function coalesce(task: () => Promise<void>, onError: (error: unknown) => void): () => Promise<void> {
  let running: Promise<void> | undefined;
  let again = false;
  const loop = async () => {
    try {
      do {
        again = false;
        await task();
      } while (again);
    } catch (error) {
      onError(error);
    } finally {
      running = undefined;
    }
  };
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = loop();
    return running;
  };
}
