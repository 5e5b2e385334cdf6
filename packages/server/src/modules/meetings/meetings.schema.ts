import { z } from 'zod';
import { DateOnly, DateTimeWithOffset, PageQuery, Timestamp } from '../../http/schemas.js';
import { SUPERVISION_STATUSES } from '../supervision/supervision.schema.js';
import { LINK_KINDS } from './meetings.links.js';

export const MEETING_STATUSES = ['planned', 'held'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** Limits shared by the request schemas and the web form. */
export const MEETING_LIMITS = {
  title: 200,
  place: 200,
  personName: 50,
  personTitle: 100,
  agendaTitle: 500,
  decisionText: 2000,
  minutesChars: 200_000,
  chairs: 20,
  attendees: 300,
  agenda: 100,
  decisions: 100,
} as const;

const text = (max: number) => z.string().trim().min(1).max(max);

export const ChairIn = z.object({ name: text(MEETING_LIMITS.personName), title: text(MEETING_LIMITS.personTitle), cityId: z.uuid() });

export const AttendeeIn = z.object({
  unitId: z.uuid(),
  name: text(MEETING_LIMITS.personName).nullable().optional().meta({ description: 'A named person of the unit; absent when the unit attends as such' }),
  title: text(MEETING_LIMITS.personTitle).nullable().optional(),
});

export const LinkIn = z
  .object({ kind: z.enum(LINK_KINDS), id: z.uuid() })
  .meta({ description: 'A task or supervision item of the same pair, in the caller’s reach' });

export const AgendaItemIn = z.object({ title: text(MEETING_LIMITS.agendaTitle), link: LinkIn.nullable().optional() });

export const DecisionIn = z.object({
  id: z.uuid().optional().meta({ description: 'An existing decision of this meeting; absent for a new one' }),
  text: text(MEETING_LIMITS.decisionText),
  ownerUnitId: z.uuid().meta({ description: 'The unit (of either city) responsible for carrying it out' }),
  deadline: DateOnly.meta({ description: 'YYYY-MM-DD, China date' }),
});

const meetingFields = {
  title: text(MEETING_LIMITS.title),
  startsAt: DateTimeWithOffset.meta({ description: 'Date and time of the meeting, with its offset (+08:00)' }),
  place: text(MEETING_LIMITS.place),
  hostCityId: z.uuid(),
  chairs: z.array(ChairIn).max(MEETING_LIMITS.chairs).default([]),
  attendees: z.array(AttendeeIn).max(MEETING_LIMITS.attendees).default([]),
  agenda: z.array(AgendaItemIn).max(MEETING_LIMITS.agenda).default([]),
  decisions: z.array(DecisionIn).max(MEETING_LIMITS.decisions).default([]),
  minutesHtml: z
    .string()
    .max(MEETING_LIMITS.minutesChars)
    .default('')
    .meta({ description: 'Rich text; kept only with p, h2, h3, ul, ol, li, strong, em, u, br, blockquote and table tags, without attributes' }),
};

export const MeetingCreateBody = z.object({ pairId: z.uuid(), ...meetingFields });

export const MeetingUpdateBody = z.object(meetingFields).meta({
  description:
    'Replaces the meeting. On a held meeting the decisions already raised as supervision items must be sent unchanged (with their id); new decisions become supervision items at once.',
});

export const MeetingListQuery = PageQuery.extend({
  pairId: z.uuid().optional(),
  status: z.enum(MEETING_STATUSES).optional(),
  q: z.string().trim().min(1).max(100).optional().meta({ description: 'Matches the title or the place' }),
  from: DateOnly.optional().meta({ description: 'Meetings on or after this China date' }),
  to: DateOnly.optional().meta({ description: 'Meetings on or before this China date' }),
});

export const MeetingDraftQuery = z.object({ pairId: z.uuid() });

export const LinkTargetQuery = z.object({
  pairId: z.uuid(),
  kind: z.enum(LINK_KINDS),
  q: z.string().trim().max(100).optional(),
});

export const LinkOut = z
  .object({
    kind: z.enum(LINK_KINDS),
    id: z.uuid(),
    label: z.string().nullable().meta({ description: 'The linked record’s title; null when it is outside the caller’s reach' }),
    state: z.string().nullable().meta({ description: 'Its state in Chinese (task status, supervision status)' }),
  })
  .meta({ id: 'MeetingLink' });

export const LinkTargetOut = LinkOut.extend({ label: z.string(), unitNames: z.array(z.string()) }).meta({ id: 'MeetingLinkTarget' });

export const ChairOut = z.object({ name: z.string(), title: z.string(), cityId: z.uuid(), cityName: z.string() });
export const AttendeeOut = z.object({
  unitId: z.uuid(),
  unitName: z.string(),
  cityId: z.uuid(),
  cityName: z.string(),
  name: z.string().nullable(),
  title: z.string().nullable(),
});
export const AgendaItemOut = z.object({ id: z.uuid(), title: z.string(), link: LinkOut.nullable() });

export const DecisionSupervisionOut = z.object({
  id: z.uuid(),
  status: z.enum(SUPERVISION_STATUSES),
  overdue: z.boolean(),
});

export const DecisionOut = z
  .object({
    id: z.uuid(),
    text: z.string(),
    ownerUnitId: z.uuid(),
    ownerUnitName: z.string(),
    ownerCityId: z.uuid(),
    deadline: z.string(),
    raised: z.boolean().meta({ description: 'Became a supervision item (the meeting was marked held)' }),
    supervision: DecisionSupervisionOut.nullable().meta({ description: 'The supervision item, when raised and in the caller’s reach' }),
  })
  .meta({ id: 'MeetingDecision' });

const meetingSummary = {
  id: z.uuid(),
  pairId: z.uuid(),
  title: z.string(),
  startsAt: Timestamp,
  place: z.string(),
  hostCityId: z.uuid(),
  hostCityName: z.string(),
  status: z.enum(MEETING_STATUSES),
};

export const MeetingListItemOut = z
  .object({
    ...meetingSummary,
    agendaCount: z.number().int(),
    decisionCount: z.number().int(),
    openDecisionCount: z.number().int().meta({ description: 'Decisions whose supervision item is not closed' }),
  })
  .meta({ id: 'MeetingListItem' });

export const MeetingOut = z
  .object({
    ...meetingSummary,
    chairs: z.array(ChairOut),
    attendees: z.array(AttendeeOut),
    agenda: z.array(AgendaItemOut),
    decisions: z.array(DecisionOut),
    minutesHtml: z.string(),
    heldMarkedAt: Timestamp.nullable(),
    canEdit: z.boolean().meta({ description: 'Whether the caller may edit it and mark it held' }),
    createdBy: z.uuid().nullable(),
    createdByName: z.string().nullable(),
    createdAt: Timestamp,
    updatedBy: z.uuid().nullable(),
    updatedByName: z.string().nullable(),
    updatedAt: Timestamp,
  })
  .meta({ id: 'Meeting' });

export const MeetingDraftOut = z
  .object({
    previousMeeting: z.object({ id: z.uuid(), title: z.string(), startsAt: Timestamp }).nullable(),
    agenda: z.array(z.object({ title: z.string(), link: LinkOut })),
  })
  .meta({ id: 'MeetingDraft', description: 'What a new meeting starts with: the open decisions of the previous held meeting, as agenda items' });
