// Waiting with a ceiling: for work whose answer is welcome but must not hold anyone up.

/** `value`, or `fallback` if it takes longer than `ms`. */
export function within<T>(value: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    value,
    new Promise<T>((r) => {
      timer = setTimeout(() => r(fallback), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
