import { z } from 'zod';
import { ErrorResponse } from '../../http/schemas.js';

/**
 * The body of `GET /api/v1/events`: a text/event-stream whose messages carry one topic name each
 * (`pair:<id>`, `user:<id>`, `all`, or `reset` when changes may have been missed), never data.
 */
export const EventStreamOut = z.unknown().meta({
  description:
    "text/event-stream. Each message's data is a topic the caller may see: `pair:<id>` (data of one of the caller's pairs changed), `user:<id>` (the caller's account or notifications), `all` (anything), `reset` (changes may have been missed: re-read everything). Comments (`:`) are heartbeats. The stream ends with the session.",
});

export const eventStreamErrors = {
  401: ErrorResponse,
  406: ErrorResponse,
  429: ErrorResponse,
  503: ErrorResponse,
} as const;
