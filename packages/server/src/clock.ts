/** The current time, injected so that idle timeouts and lockouts can be tested without waiting. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
