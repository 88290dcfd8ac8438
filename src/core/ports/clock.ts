/** The application's clock. Injected everywhere so tests and the playground can move time. */
export interface Clock {
  now(): Date;
}
