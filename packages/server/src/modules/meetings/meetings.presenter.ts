import type { z } from 'zod';
import { isLinkKind, type LinkTarget, linkKey } from './meetings.links.js';
import type * as repo from './meetings.repository.js';
import type { MeetingListItemOut, MeetingOut, MeetingStatus } from './meetings.schema.js';

type SupervisionStatus = 'assigned' | 'in_progress' | 'completion_requested' | 'closed';

/** Everything a meeting is shown with, as the service read it. */
export interface MeetingParts {
  row: repo.MeetingWithNames;
  chairs: Awaited<ReturnType<typeof repo.chairsOf>>;
  attendees: Awaited<ReturnType<typeof repo.attendeesOf>>;
  agenda: Awaited<ReturnType<typeof repo.agendaOf>>;
  decisions: repo.DecisionRow[];
  /** The agenda's links the caller can reach, by `linkKey`. */
  links: Map<string, LinkTarget>;
  canEdit: boolean;
  /** The China date overdue flags are computed against. */
  today: string;
}

export function presentListItem(row: repo.MeetingListRow): z.infer<typeof MeetingListItemOut> {
  const { meeting } = row;
  return {
    id: meeting.id,
    pairId: meeting.pairId,
    title: meeting.title,
    startsAt: meeting.startsAt.toISOString(),
    place: meeting.place,
    hostCityId: meeting.hostCityId,
    hostCityName: row.hostCityName,
    status: meeting.status as MeetingStatus,
    agendaCount: row.agendaCount,
    decisionCount: row.decisionCount,
    openDecisionCount: row.openDecisionCount,
  };
}

export function presentMeeting(parts: MeetingParts): z.infer<typeof MeetingOut> {
  const { meeting } = parts.row;
  return {
    id: meeting.id,
    pairId: meeting.pairId,
    title: meeting.title,
    startsAt: meeting.startsAt.toISOString(),
    place: meeting.place,
    hostCityId: meeting.hostCityId,
    hostCityName: parts.row.hostCityName,
    status: meeting.status as MeetingStatus,
    chairs: parts.chairs.map((c) => ({ name: c.name, title: c.title, cityId: c.cityId, cityName: c.cityName })),
    attendees: parts.attendees.map((a) => ({ unitId: a.unitId, unitName: a.unitName, cityId: a.cityId, cityName: a.cityName, name: a.name, title: a.title })),
    agenda: parts.agenda.map((a) => {
      if (!isLinkKind(a.linkKind) || !a.linkId) return { id: a.id, title: a.title, link: null };
      const target = parts.links.get(linkKey(a.linkKind, a.linkId));
      return { id: a.id, title: a.title, link: { kind: a.linkKind, id: a.linkId, label: target?.label ?? null, state: target?.state ?? null } };
    }),
    decisions: parts.decisions.map((d) => ({
      id: d.decision.id,
      text: d.decision.text,
      ownerUnitId: d.decision.ownerUnitId,
      ownerUnitName: d.ownerUnitName,
      ownerCityId: d.ownerCityId,
      deadline: d.decision.deadline,
      raised: d.itemId !== null,
      supervision:
        d.itemId && d.itemVisible
          ? {
              id: d.itemId,
              status: d.itemStatus as SupervisionStatus,
              overdue: d.itemStatus !== 'closed' && (d.itemDeadline ?? '') < parts.today,
            }
          : null,
    })),
    minutesHtml: meeting.minutesHtml,
    heldMarkedAt: meeting.heldMarkedAt?.toISOString() ?? null,
    canEdit: parts.canEdit,
    createdBy: meeting.createdBy,
    createdByName: parts.row.createdByName,
    createdAt: meeting.createdAt.toISOString(),
    updatedBy: meeting.updatedBy,
    updatedByName: parts.row.updatedByName,
    updatedAt: meeting.updatedAt.toISOString(),
  };
}
